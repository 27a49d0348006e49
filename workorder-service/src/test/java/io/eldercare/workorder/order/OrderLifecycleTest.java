package io.eldercare.workorder.order;


import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eldercare.events.ApplicationApproved;
import io.eldercare.events.EventCodec;
import io.eldercare.events.EventEnvelope;
import io.eldercare.events.PolicyPublished;
import io.eldercare.events.PriceListPublished;
import io.eldercare.events.ProviderContracted;
import io.eldercare.events.WorkOrderCancelled;
import io.eldercare.events.WorkOrderCompleted;
import io.eldercare.testsupport.Contracts;
import io.eldercare.testsupport.EventProbe;
import io.eldercare.testsupport.ServiceTest;
import io.eldercare.testsupport.StubHttpServer;
import io.eldercare.testsupport.TestAuthority;
import io.eldercare.workorder.catalog.Quotes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import io.eldercare.workorder.WorkorderTest;

/** The order's life after it is placed: completed once when payable, cancelled, changed, not delivered. */
@ServiceTest
class OrderLifecycleTest extends WorkorderTest {

    @Test
    void anOrderIsPricedAndHeldAsItIsPlaced() {
        ResponseEntity<Map<String, Object>> placed = place(approvedElder(), PROVIDER, 3, null);

        assertThat(placed.getStatusCode().value()).isEqualTo(201);
        assertThat(placed.getBody()).containsEntry("amountFen", 6000).containsEntry("subsidyFen", 5000)
                .containsEntry("selfPayFen", 1000).containsEntry("status", "CREATED");
    }

    @Test
    void everyStepOfAVisitIsAnEventInTheOrderItHappened() throws Exception {
        UUID elder = approvedElder();
        String orderId = (String) place(elder, PROVIDER, 3, null).getBody().get("id");

        assertThat(witnessedAndCalledBack(orderId, checkedOutVisit(orderId))).containsEntry("status", "COMPLETED");

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(EventProbe.readAll("eldercare.workorder.events",
                Duration.ofSeconds(1))).filteredOn(e -> e.aggregateId().equals(elder.toString()))
                .extracting(EventEnvelope::type, EventEnvelope::sequence)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("WorkOrderCreated", 1L),
                        org.assertj.core.groups.Tuple.tuple("WorkOrderDispatched", 2L),
                        org.assertj.core.groups.Tuple.tuple("WorkOrderAccepted", 3L),
                        org.assertj.core.groups.Tuple.tuple("VisitCheckedIn", 4L),
                        org.assertj.core.groups.Tuple.tuple("VisitCheckedOut", 5L),
                        org.assertj.core.groups.Tuple.tuple("VisitExceptionRaised", 6L),
                        org.assertj.core.groups.Tuple.tuple("VisitConfirmed", 7L),
                        org.assertj.core.groups.Tuple.tuple("VisitExceptionResolved", 8L),
                        org.assertj.core.groups.Tuple.tuple("WorkOrderCompleted", 9L)));
    }

    @Test
    void anOrdersCompletionCarriesTheAmountsAndHowTheVisitWasVerified() throws Exception {
        UUID elder = approvedElder();
        String orderId = (String) place(elder, PROVIDER, 3, null).getBody().get("id");

        assertThat(witnessedAndCalledBack(orderId, checkedOutVisit(orderId))).containsEntry("status", "COMPLETED");

        await().atMost(PATIENCE).untilAsserted(() -> {
            List<EventEnvelope> events = EventProbe.readAll("eldercare.workorder.events", Duration.ofSeconds(1));
            WorkOrderCompleted payload = (WorkOrderCompleted) EventProbe.payload(events.stream()
                    .filter(e -> e.type().equals("WorkOrderCompleted") && e.aggregateId().equals(elder.toString()))
                    .findFirst().orElseThrow());
            assertThat(payload.orderId()).isEqualTo(UUID.fromString(orderId));
            assertThat(payload.providerId()).isEqualTo(PROVIDER);
            assertThat(payload.unitPriceFen()).isEqualTo(2000);
            assertThat(payload.quantity()).isEqualTo(3);
            assertThat(payload.subsidyFen()).isEqualTo(5000);
            assertThat(payload.selfPayFen()).isEqualTo(1000);
            assertThat(payload.verification()).isEqualTo("SIGNED_RECORD");
        });
    }

    @Test
    void aSuspendedProvidersOrderCannotBeCompletedForPayment() throws Exception {
        UUID suspended = UUID.randomUUID();
        EventProbe.publish(CATALOG_TOPIC, "catalog-service", new ProviderContracted(suspended, UUID.randomUUID(),
                "HUANGPI-2020", LocalDate.of(2020, 1, 1), LocalDate.of(2099, 12, 31), List.of("HP-HAIRCUT"),
                List.of("HP-QIANCHUAN-01")));
        await().atMost(PATIENCE).until(() -> jdbc.sql("SELECT count(*) FROM provider_contract_copy WHERE provider_id = ?")
                .param(suspended).query(Long.class).single() == 1);
        UUID elder = approvedElder();
        String orderId = (String) place(elder, suspended, 1, null).getBody().get("id");
        EventProbe.publish(CATALOG_TOPIC, "catalog-service", new io.eldercare.events.ProviderSuspended(suspended,
                "qualification withdrawn", Instant.now()));
        await().atMost(PATIENCE).until(() -> jdbc.sql("SELECT count(*) FROM provider_suspension_copy"
                + " WHERE provider_id = ?").param(suspended).query(Long.class).single() == 1);

        assertThat(witnessed(orderId, checkedOutVisit(orderId)).getBody()).containsEntry("status", "CONFIRMED");
        UUID call = calledBack(orderId, "VISIT_CONFIRMED");
        await().atMost(PATIENCE).until(() -> jdbc.sql("SELECT count(*) FROM inbox_event WHERE event_id = ?")
                .param(call).query(Long.class).single() > 0);

        assertThat(get("/orders/" + orderId, OPERATOR).getBody()).as("the callback does not pay a suspended provider")
                .containsEntry("status", "CONFIRMED");
        Map<String, Object> exception = onlyException(orderId, "WITNESSED_SIGNATURE");
        assertThat(exception).as("the elder's word is kept for the bureau").containsEntry("status", "EXPLAINED");
        assertThat(exception.get("explanation")).asString().startsWith("the elder confirmed the visit")
                .contains("SUSPENDED");
        ResponseEntity<Map<String, Object>> stands = post("/visit-exceptions/" + exception.get("id") + "/resolve",
                Map.of("resolution", "VISIT_STANDS"), TestAuthority.get().token("DISTRICT_ADMIN"));
        assertThat(stands.getStatusCode().value()).isEqualTo(422);
        assertThat(stands.getBody()).containsEntry("type", "https://eldercare.io/problems/provider-cannot-be-paid");
        assertThat(stands.getBody().get("detail")).asString().contains("SUSPENDED");
        assertThat(get("/orders/" + orderId, OPERATOR).getBody()).containsEntry("status", "CONFIRMED");
        assertThat(completions(orderId)).isZero();
    }

    @Test
    void anOrderIsCompletedOnce() throws Exception {
        String orderId = (String) place(approvedElder(), PROVIDER, 1, null).getBody().get("id");
        UUID caregiver = checkedOutVisit(orderId);
        assertThat(witnessedAndCalledBack(orderId, caregiver)).containsEntry("status", "COMPLETED");

        ResponseEntity<Map<String, Object>> again = witnessed(orderId, caregiver);

        assertThat(again.getStatusCode().value()).isEqualTo(409);
        assertThat(completions(orderId)).isOne();
    }

    @Test
    void aCompletedOrderCannotBeCancelled() throws Exception {
        String orderId = (String) place(approvedElder(), PROVIDER, 1, null).getBody().get("id");
        assertThat(witnessedAndCalledBack(orderId, checkedOutVisit(orderId))).containsEntry("status", "COMPLETED");

        ResponseEntity<Map<String, Object>> cancel = post("/orders/" + orderId + "/cancel",
                Map.of("reason", "changed my mind"));

        assertThat(cancel.getStatusCode().value()).isEqualTo(409);
        assertThat(cancel.getBody()).containsEntry("type", "https://eldercare.io/problems/order-not-open");
    }

    @Test
    void anOrderStillOpenAWeekAfterItsDayIsCancelledAsNotDeliveredSoItsHoldIsReleased() {
        UUID elder = approvedElder();
        UUID stale = storedOrder(elder, "HELD", LocalDate.now(clock).minusDays(8), Duration.ofDays(9));
        UUID recent = storedOrder(elder, "HELD", LocalDate.now(clock).minusDays(6), Duration.ofDays(7));

        orderService.cancelUndelivered(java.time.Period.ofDays(7));

        assertThat(get("/orders/" + stale, OPERATOR).getBody()).containsEntry("status", "CANCELLED");
        assertThat(get("/orders/" + recent, OPERATOR).getBody()).containsEntry("status", "CREATED");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(EventProbe.readAll("eldercare.workorder.events",
                Duration.ofMillis(500))).filteredOn(e -> e.aggregateId().equals(elder.toString()))
                .extracting(EventProbe::payload).singleElement()
                .isInstanceOfSatisfying(WorkOrderCancelled.class, c -> assertThat(c.orderId()).isEqualTo(stale)));
    }

    @Test
    void anOrderIsCompletedForTheCommunityItWasPlacedInAfterTheElderMoved() throws Exception {
        UUID elder = approvedElder();
        UUID order = storedOrder(elder, "HELD", LocalDate.now(clock), Duration.ofHours(1));
        // re-approved in a community the provider has no contract in
        EventProbe.publish("eldercare.eligibility.events", "eligibility-service", new ApplicationApproved(
                UUID.randomUUID(), elder, "HUANGPI-2020", "HP-DIBAO", "HP-LIJI-03", LocalDate.of(2024, 6, 1),
                Instant.now()));
        await().atMost(PATIENCE).until(() -> "HP-LIJI-03".equals(jdbc.sql(
                "SELECT community_code FROM elder WHERE elder_id = ?").param(elder).query(String.class).single()));

        assertThat(witnessedAndCalledBack(order.toString(), checkedOutVisit(order.toString())))
                .containsEntry("status", "COMPLETED");
    }

    /** The call centre moves the order to tomorrow and doubles it, at the family's request. */
    private static Map<String, Object> toTomorrowTwice(LocalDate today) {
        return Map.of("serviceDate", today.plusDays(1).toString(), "quantity", 2, "reason",
                "家属要求改到明天，剪两次");
    }

    /** The order that replaced {@code order}, changed as {@link #toTomorrowTwice}. */
    private String replacementOf(String order) {
        ResponseEntity<Map<String, Object>> changed = post("/orders/" + order + "/change",
                toTomorrowTwice(LocalDate.now(clock)), OPERATOR);
        assertThat(changed.getStatusCode().value()).isEqualTo(201);
        return (String) changed.getBody().get("id");
    }

    @Test
    void anOrderIsChangedBeforeItsVisitByANewQuoteAndHoldThatReplacesIt() {
        String order = (String) place(approvedElder(), PROVIDER, 1, null).getBody().get("id");
        LocalDate tomorrow = LocalDate.now(clock).plusDays(1);

        ResponseEntity<Map<String, Object>> changed = post("/orders/" + order + "/change",
                toTomorrowTwice(LocalDate.now(clock)), OPERATOR);

        assertThat(changed.getStatusCode().value()).isEqualTo(201);
        assertThat(changed.getBody().get("id")).isNotEqualTo(order);
        assertThat(changed.getBody()).containsEntry("serviceDate", tomorrow.toString()).containsEntry("quantity", 2)
                .containsEntry("amountFen", 4000).containsEntry("status", "CREATED");
    }

    @Test
    void theOrderAChangeReplacesIsCancelledSoItsHoldIsReleased() {
        String order = (String) place(approvedElder(), PROVIDER, 1, null).getBody().get("id");

        replacementOf(order);

        assertThat(get("/orders/" + order, OPERATOR).getBody()).containsEntry("status", "CANCELLED");
        await().atMost(PATIENCE).until(() -> EventProbe.readAll("eldercare.workorder.events", Duration.ofSeconds(1))
                .stream().anyMatch(e -> e.type().equals("WorkOrderCancelled") && e.payload().toString()
                        .contains(order)));
    }

    @Test
    void aRetriedChangeAnswersTheSameReplacement() {
        String order = (String) place(approvedElder(), PROVIDER, 1, null).getBody().get("id");
        String replacement = replacementOf(order);

        assertThat(post("/orders/" + order + "/change", toTomorrowTwice(LocalDate.now(clock)), OPERATOR).getBody())
                .as("a retry answers the same change").containsEntry("id", replacement);
    }

    @Test
    void aChangedOrderIsNotChangedAgain() {
        String order = (String) place(approvedElder(), PROVIDER, 1, null).getBody().get("id");
        replacementOf(order);

        assertThat(post("/orders/" + order + "/change", Map.of("quantity", 3, "reason", "again"), OPERATOR)
                .getBody()).containsEntry("type", "https://eldercare.io/problems/order-changed");
    }

    @Test
    void aChangeIsQuotedAfreshSoAnItemTheProviderIsNotContractedForIsRefused() {
        UUID elder = approvedElder();
        String replacement = replacementOf((String) place(elder, PROVIDER, 1, null).getBody().get("id"));

        assertThat(post("/orders/" + replacement + "/change", Map.of("itemCode", "HP-PHYSIO", "reason", "理疗"),
                PROVIDER_ADMIN).getBody()).as("re-quoted: the provider is not contracted for it")
                .containsEntry("type", "https://eldercare.io/problems/provider-not-contracted");
        assertThat(get("/orders/" + replacement, OPERATOR).getBody()).containsEntry("status", "CREATED");
        assertThat(ordersOf(elder)).isEqualTo(2);
    }

    @Test
    void aChangeThatChangesNothingIsRefused() {
        UUID elder = approvedElder();
        String order = (String) place(elder, PROVIDER, 1, null).getBody().get("id");

        assertThat(post("/orders/" + order + "/change", Map.of("reason", "nothing"), OPERATOR).getBody())
                .containsEntry("type", "https://eldercare.io/problems/nothing-changed");
        assertThat(get("/orders/" + order, OPERATOR).getBody()).containsEntry("status", "CREATED");
        assertThat(ordersOf(elder)).isEqualTo(1);
    }

    @Test
    void anOrderWhoseVisitBeganIsNotChanged() throws Exception {
        String begun = (String) place(approvedElder(), PROVIDER, 1, null).getBody().get("id");
        checkedOutVisit(begun);

        assertThat(post("/orders/" + begun + "/change", Map.of("quantity", 2, "reason", "late"), OPERATOR)
                .getBody()).containsEntry("type", "https://eldercare.io/problems/order-not-open");
    }
}
