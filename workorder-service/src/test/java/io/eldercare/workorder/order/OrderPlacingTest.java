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

/** Placing an order: who may order for whom, quoting from the local copies, idempotency keys, the rules that refuse an order before anything is held. */
@ServiceTest
class OrderPlacingTest extends WorkorderTest {

    @Test
    void aProviderSeesOnlyItsOwnOrders() {
        String orderId = (String) place(approvedElder(), PROVIDER, 1, null).getBody().get("id");
        String otherProvider = TestAuthority.get().token("p2", Map.of("role", "PROVIDER_ADMIN",
                "provider", UUID.randomUUID()));

        assertThat(get("/orders/" + orderId, PROVIDER_ADMIN).getStatusCode().value()).isEqualTo(200);
        assertThat(get("/orders/" + orderId, otherProvider).getStatusCode().value()).isEqualTo(404);
        assertThat(post("/orders/" + orderId + "/dispatch", Map.of("caregiverId", UUID.randomUUID()), otherProvider)
                .getStatusCode().value()).isEqualTo(404);
        assertThat(get("/orders/" + orderId, OPERATOR).getBody()).containsEntry("status", "CREATED");
    }

    @Test
    void anElderSeesOnlyTheirOwnOrders() {
        UUID elder = approvedElder();
        String orderId = (String) place(elder, PROVIDER, 1, null).getBody().get("id");
        String self = TestAuthority.get().token("e", Map.of("role", "ELDER", "elder", elder));
        String otherElder = TestAuthority.get().token("e2", Map.of("role", "ELDER", "elder", UUID.randomUUID()));

        assertThat(get("/orders/" + orderId, self).getStatusCode().value()).isEqualTo(200);
        assertThat(get("/orders/" + orderId, otherElder).getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void aCaregiverDoesNotSeeAnOrderNotOfferedToHer() {
        String orderId = (String) place(approvedElder(), PROVIDER, 1, null).getBody().get("id");
        String caregiver = TestAuthority.get().token("c", Map.of("role", "CAREGIVER", "provider", PROVIDER));

        assertThat(get("/orders/" + orderId, caregiver).getStatusCode().value()).isEqualTo(404);
    }

    private ResponseEntity<Map<String, Object>> placedBy(String token, UUID elder) {
        return http.post().uri("/orders").contentType(MediaType.APPLICATION_JSON).headers(h -> h.setBearerAuth(token))
                .body(Map.of("elderId", elder, "providerId", PROVIDER, "itemCode", "HP-HAIRCUT", "quantity", 1))
                .retrieve().toEntity(new ParameterizedTypeReference<>() { });
    }

    @Test
    void anElderOrdersOnlyForThemselves() {
        UUID elder = approvedElder();
        String otherElder = TestAuthority.get().token("e2", Map.of("role", "ELDER", "elder", UUID.randomUUID()));

        ResponseEntity<Map<String, Object>> forSomeoneElse = placedBy(otherElder, elder);

        assertThat(forSomeoneElse.getStatusCode().value()).isEqualTo(404);
        assertThat(ordersOf(elder)).isZero();
    }

    @Test
    void aProviderCannotOrder() {
        UUID elder = approvedElder();

        ResponseEntity<Map<String, Object>> byProvider = placedBy(PROVIDER_ADMIN, elder);

        assertThat(byProvider.getStatusCode().value()).isEqualTo(403);
        assertThat(ordersOf(elder)).isZero();
    }

    @Test
    void anOrderIsQuotedFromTheLocalCopy() {
        UUID elder = approvedElder("JIAYUGUAN-2024", "JYG-RESIDENT");

        ResponseEntity<Map<String, Object>> placed = lunch(elder, LocalDate.now(clock).plusDays(1));

        assertThat(placed.getStatusCode().value()).isEqualTo(201);
        assertThat(placed.getBody()).containsEntry("listAmountFen", 1500).containsEntry("discountFen", 180)
                .containsEntry("amountFen", 1320).containsEntry("selfPayFen", 1320).containsEntry("subsidyFen", 0);
    }

    @Test
    void theWalletIsAskedWithoutAnyRule() {
        UUID elder = approvedElder("JIAYUGUAN-2024", "JYG-RESIDENT");

        ResponseEntity<Map<String, Object>> placed = lunch(elder, LocalDate.now(clock).plusDays(1));

        // what the wallet's contract says the dispatch service sends: no cap, discount, fee or meal limit
        assertThat(Contracts.bodyMismatches("wallet-hold-JYG-LUNCH-DELIVERY", Map.of("orderId", placed.getBody()
                .get("id"), "elderId", elder), LAST_HOLD.get())).isEmpty();
        assertThat(JSON.readTree(LAST_HOLD.get()).propertyNames()).containsExactlyInAnyOrder("orderId", "elderId",
                "serviceDate", "itemCode", "listAmountFen", "quantity", "category", "meal", "delivered");
    }

    @Test
    void aFreshServiceRebuildsItsCopyFromOffsetZeroAndQuotesAsTheCatalogDoes() {
        // this context started on an empty database after the catalog's facts were published
        for (String contract : Contracts.of("catalog")) {
            JsonNode catalog = JSON.readTree(Contracts.response(contract));
            java.util.Map<String, String> query = new java.util.HashMap<>();
            for (String pair : Contracts.request(contract).replaceFirst(".*\\?", "").split("&")) {
                query.put(pair.split("=")[0], pair.split("=")[1]);
            }
            await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
                JsonNode local = JSON.valueToTree(quotes.quote(query.get("policy"), query.get("item"),
                        Integer.parseInt(query.get("quantity")), LocalDate.parse(query.get("date")),
                        query.get("category")));
                // every field of the catalog's answer, but for what only the public catalogue shows
                for (String field : catalog.propertyNames()) {
                    if (!List.of("selfPayPriceFen", "rules").contains(field)) {
                        assertThat(local.get(field).toString()).as(contract + " " + field)
                                .isEqualTo(catalog.get(field).toString());
                    }
                }
                for (String rule : List.of("subsidisedMealsPerDay", "mealOrderCutoff", "unclaimedMealForfeited")) {
                    assertThat(local.get("rules").get(rule).toString()).as(contract + " " + rule)
                            .isEqualTo(catalog.get("rules").get(rule).toString());
                }
            });
        }
    }

    @Test
    void aLoveLunchNotAppliedForOnItsDayIsForfeited() {
        UUID elder = approvedElder(MIDNIGHT, "JYG-RESIDENT");
        int holdsBefore = HOLDS.get();

        ResponseEntity<Map<String, Object>> yesterday = lunch(elder, LocalDate.now(clock).minusDays(1));

        assertThat(yesterday.getStatusCode().value()).isEqualTo(422);
        assertThat(yesterday.getBody()).containsEntry("type", "https://eldercare.io/problems/meal-forfeited");
        assertThat(HOLDS.get()).isEqualTo(holdsBefore);
        assertThat(ordersOf(elder)).isZero();
    }

    @Test
    void todaysLoveLunchClosesAtTheCutOff() {
        UUID elder = approvedElder(MIDNIGHT, "JYG-RESIDENT");
        int holdsBefore = HOLDS.get();

        ResponseEntity<Map<String, Object>> today = lunch(elder, LocalDate.now(clock));

        assertThat(today.getStatusCode().value()).isEqualTo(422);
        assertThat(today.getBody()).containsEntry("type", "https://eldercare.io/problems/meal-order-closed");
        assertThat(HOLDS.get()).isEqualTo(holdsBefore);
        assertThat(ordersOf(elder)).isZero();
    }

    @Test
    void aProviderNotContractedForTheItemInTheEldersCommunityCannotTakeTheOrderAndNothingIsHeld() {
        UUID elder = approvedElder();
        int holdsBefore = HOLDS.get();

        ResponseEntity<Map<String, Object>> refused = place(elder, UNCONTRACTED, 1, null);

        assertThat(refused.getStatusCode().value()).isEqualTo(422);
        assertThat(refused.getBody()).containsEntry("type", "https://eldercare.io/problems/provider-not-contracted");
        assertThat(refused.getBody().get("detail")).asString().contains("no contract", "HP-QIANCHUAN-01");
        assertThat(HOLDS.get()).isEqualTo(holdsBefore);
        assertThat(ordersOf(elder)).isZero();
    }

    @Test
    void theSameKeyAndBodyAnswerTheSameOrderAsFirstAndHoldOnce() {
        UUID elder = approvedElder();
        String key = UUID.randomUUID().toString();
        int holdsBefore = HOLDS.get();

        ResponseEntity<Map<String, Object>> first = place(elder, PROVIDER, 1, key);
        ResponseEntity<Map<String, Object>> second = place(elder, PROVIDER, 1, key);

        assertThat(first.getStatusCode().value()).isEqualTo(201);
        assertThat(second.getStatusCode().value()).isEqualTo(201);
        assertThat(second.getBody().get("id")).isEqualTo(first.getBody().get("id"));
        assertThat(HOLDS.get() - holdsBefore).isEqualTo(1);
        assertThat(ordersOf(elder)).isEqualTo(1);
    }

    @Test
    void theSameKeyWithAnotherBodyIsAConflictAndPlacesNothingMore() {
        UUID elder = approvedElder();
        String key = UUID.randomUUID().toString();
        place(elder, PROVIDER, 1, key);

        ResponseEntity<Map<String, Object>> changed = place(elder, PROVIDER, 2, key);

        assertThat(changed.getStatusCode().value()).isEqualTo(409);
        assertThat(changed.getBody()).containsEntry("type", "https://eldercare.io/problems/idempotency-key-reused");
        assertThat(changed.getBody().get("detail")).asString().contains(key);
        assertThat(ordersOf(elder)).isEqualTo(1);
    }

    @Test
    void anotherCallersKeyNeverRevealsTheirOrder() {
        UUID elderA = approvedElder();
        UUID elderB = approvedElder();
        String key = "hotline-1";
        String operatorsOrder = (String) place(elderA, PROVIDER, 1, key).getBody().get("id");
        String family = TestAuthority.get().token("family.b", Map.of("role", "FAMILY", "elder", elderB));

        ResponseEntity<Map<String, Object>> familysOrder = http.post().uri("/orders")
                .contentType(MediaType.APPLICATION_JSON).header("Idempotency-Key", key)
                .headers(h -> h.setBearerAuth(family)).body(Map.of("elderId", elderB, "providerId", PROVIDER,
                        "itemCode", "HP-HAIRCUT", "quantity", 1))
                .retrieve().toEntity(new ParameterizedTypeReference<>() { });

        assertThat(familysOrder.getStatusCode().value()).isEqualTo(201);
        assertThat(familysOrder.getBody().get("id")).isNotEqualTo(operatorsOrder);
        assertThat(familysOrder.getBody()).containsEntry("elderId", elderB.toString());
    }

    @Test
    void anOrderWithoutAnIdempotencyKeyIsRefusedAndNothingIsHeld() {
        UUID elder = approvedElder();
        int holdsBefore = HOLDS.get();

        ResponseEntity<Map<String, Object>> response = http.post().uri("/orders").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("elderId", elder, "providerId", PROVIDER, "itemCode", "HP-HAIRCUT", "quantity", 1))
                .retrieve().toEntity(new ParameterizedTypeReference<>() { });

        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(response.getBody()).containsEntry("type", "https://eldercare.io/problems/idempotency-key-required");
        assertThat(HOLDS.get()).isEqualTo(holdsBefore);
        assertThat(ordersOf(elder)).isZero();
    }

    @Test
    void anElderWithoutAnApprovedApplicationCannotOrderSubsidisedCare() {
        ResponseEntity<Map<String, Object>> response = place(UUID.randomUUID(), UUID.randomUUID(), 1, null);

        assertThat(response.getStatusCode().value()).isEqualTo(422);
        assertThat(response.getBody()).containsEntry("type", "https://eldercare.io/problems/elder-not-approved");
    }

    @Test
    void anItemThePackDoesNotPriceIsRefusedAndNothingIsStored() {
        UUID elder = approvedElder();
        ResponseEntity<Map<String, Object>> response = post("/orders", Map.of("elderId", elder,
                "providerId", PROVIDER, "itemCode", "HP-MASSAGE", "quantity", 1));

        assertThat(response.getStatusCode().value()).isEqualTo(404);
        assertThat(response.getBody().get("detail")).asString().contains("HP-MASSAGE");
        assertThat(ordersOf(elder)).isZero();
    }

    @Test
    void zeroUnitsAreRefusedWithTheRuleInTheMessage() {
        UUID elder = approvedElder();

        ResponseEntity<Map<String, Object>> response = place(elder, PROVIDER, 0, "zero-" + elder);

        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(response.getBody().get("detail")).asString().contains("quantity must be at least 1");
        assertThat(ordersOf(elder)).isZero();
    }

    @Test
    void amountsAndStatusInARequestAreNotAccepted() {
        UUID elder = approvedElder();
        ResponseEntity<Map<String, Object>> response = post("/orders", Map.of("elderId", elder,
                "providerId", UUID.randomUUID(), "itemCode", "HP-HAIRCUT", "quantity", 1, "amountFen", 1,
                "status", "COMPLETED"));

        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(response.getBody().get("detail")).asString().contains("is not accepted here");
        assertThat(ordersOf(elder)).isZero();
    }

    @Test
    void aSecondApprovalOfTheSameElderIsAppliedToTheOrdersThatFollow() {
        UUID elder = approvedElder();

        EventProbe.publish("eldercare.eligibility.events", "eligibility-service", new ApplicationApproved(
                UUID.randomUUID(), elder, "HUANGPI-2020", "HP-AGED80", "HP-QIANCHUAN-02", LocalDate.of(2024, 6, 1),
                Instant.now()));

        await().atMost(PATIENCE).until(() -> "HP-AGED80".equals(jdbc.sql(
                "SELECT category FROM elder WHERE elder_id = ?").param(elder).query(String.class).single()));
        assertThat(jdbc.sql("SELECT community_code FROM elder WHERE elder_id = ?").param(elder).query(String.class)
                .single()).isEqualTo("HP-QIANCHUAN-02");
    }

    /** The eligibility service ends the elder's service from today (published here in its name). */
    private void terminatedToday(UUID elder) {
        EventProbe.publish("eldercare.eligibility.events", "eligibility-service",
                new io.eldercare.events.ServiceTerminated(UUID.randomUUID(), elder, "HUANGPI-2020",
                        LocalDate.now(clock), "DECEASED", Instant.now()));
        await().atMost(PATIENCE).until(() -> jdbc.sql(
                "SELECT count(*) FROM elder WHERE elder_id = ? AND terminated_on IS NOT NULL").param(elder)
                .query(Long.class).single() == 1);
    }

    @Test
    void aTerminatedElderIsNotServedFromThatDay() {
        UUID elder = approvedElder();

        terminatedToday(elder);

        ResponseEntity<Map<String, Object>> refused = place(elder, PROVIDER, 1, null);
        assertThat(refused.getStatusCode().value()).isEqualTo(422);
        assertThat(refused.getBody()).containsEntry("type", "https://eldercare.io/problems/service-terminated");
    }

    @Test
    void theOrdersOfATerminatedElderFromThatDayAreCancelled() {
        UUID elder = approvedElder();
        LocalDate today = LocalDate.now(clock);
        UUID before = storedOrder(elder, "HELD", today.minusDays(1), Duration.ofDays(2));
        UUID from = storedOrder(elder, "HELD", today, Duration.ofHours(1));

        terminatedToday(elder);

        await().atMost(PATIENCE).until(() -> "CANCELLED".equals(get("/orders/" + from, OPERATOR).getBody()
                .get("status")));
        assertThat(get("/orders/" + before, OPERATOR).getBody()).containsEntry("status", "CREATED");
    }

    @Test
    void anOperatorOfAnotherRegionNeitherSeesNorPlacesOrdersForThisRegionsElders() {
        UUID elder = approvedElder(); // Huangpi
        UUID order = storedOrder(elder, "HELD", LocalDate.now(clock), Duration.ofHours(1));
        String jiayuguanOperator = TestAuthority.get().token("op.jyg", Map.of("role", "OPERATOR",
                "region", "JIAYUGUAN"));

        assertThat(get("/orders/" + order, jiayuguanOperator).getStatusCode().value()).isEqualTo(404);
        ResponseEntity<Map<String, Object>> placed = http.post().uri("/orders").contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString()).headers(h -> h.setBearerAuth(jiayuguanOperator))
                .body(Map.of("elderId", elder, "providerId", PROVIDER, "itemCode", "HP-HAIRCUT", "quantity", 1))
                .retrieve().toEntity(new ParameterizedTypeReference<>() { });
        assertThat(placed.getStatusCode().value()).isEqualTo(404);
        assertThat(ordersOf(elder)).isEqualTo(1);
    }
}
