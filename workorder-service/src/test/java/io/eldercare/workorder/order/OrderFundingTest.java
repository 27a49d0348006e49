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

/** Funding an order: the wallet's hold, its absence, a lost answer asked again, a waiting order held later. */
@ServiceTest
class OrderFundingTest extends WorkorderTest {

    @Test
    void whenTheWalletIsDownTheOrderIsRefusedAsUnavailableAndNothingIsStored() {
        UUID elder = approvedElder();
        WALLET_DOWN.set(true);

        ResponseEntity<Map<String, Object>> response = place(elder, PROVIDER, 1, null);

        assertThat(response.getStatusCode().value()).isEqualTo(503);
        assertThat(response.getBody()).containsEntry("type", "https://eldercare.io/problems/dependency-unavailable");
        assertThat(ordersOf(elder)).isZero();
    }

    /** An order placed while the wallet does not answer, as the caller sees it. */
    private ResponseEntity<Map<String, Object>> placedWhileTheWalletHangs(UUID elder, String key) {
        WALLET_HANGS.set(true);
        try {
            return place(elder, PROVIDER, 1, key);
        } finally {
            WALLET_HANGS.set(false);
        }
    }

    @Test
    void whenTheWalletHangsTheOrderIsRefusedWithinThreeSecondsAndNothingIsStored() {
        UUID elder = approvedElder();
        long started = System.nanoTime();

        ResponseEntity<Map<String, Object>> response = placedWhileTheWalletHangs(elder, "hang-" + elder);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        assertThat(response.getStatusCode().value()).isEqualTo(503);
        assertThat(response.getBody()).containsEntry("type", "https://eldercare.io/problems/dependency-unavailable");
        assertThat(ordersOf(elder)).isZero();
    }

    @Test
    void anyHoldTheWalletMadeBeforeItHungIsReleased() {
        UUID elder = approvedElder();

        placedWhileTheWalletHangs(elder, "hang-" + elder);

        // the wallet may have held before it stopped answering: the order's cancellation tells it to release
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(EventProbe.readAll("eldercare.workorder.events",
                Duration.ofMillis(500))).filteredOn(e -> e.aggregateId().equals(elder.toString()))
                .extracting(EventProbe::payload).singleElement().isInstanceOf(WorkOrderCancelled.class));
    }

    @Test
    void anOrderGivenUpWhileTheWalletHungIsNotPlacedAgainWithItsKey() {
        UUID elder = approvedElder();
        String key = "hang-" + elder;
        placedWhileTheWalletHangs(elder, key);

        // the same key again is refused: its cancellation may still be on its way to the wallet
        ResponseEntity<Map<String, Object>> retry = place(elder, PROVIDER, 1, key);

        assertThat(retry.getStatusCode().value()).isEqualTo(409);
        assertThat(retry.getBody()).containsEntry("type", "https://eldercare.io/problems/order-abandoned");
        assertThat(ordersOf(elder)).isZero();
    }

    /** An order placed while its month is not credited yet: the wallet answers WAITING. */
    private ResponseEntity<Map<String, Object>> placedBeforeTheMonthIsCredited(UUID elder) {
        WALLET_WAITS.set(true);
        try {
            return place(elder, PROVIDER, 1, null);
        } finally {
            WALLET_WAITS.set(false);
        }
    }

    @Test
    void anOrderWaitingForItsMonthsMoneyIsAccepted() {
        ResponseEntity<Map<String, Object>> placed = placedBeforeTheMonthIsCredited(approvedElder());

        assertThat(placed.getStatusCode().value()).isEqualTo(201);
        assertThat(placed.getBody()).containsEntry("funding", "WAITING").containsEntry("subsidyFen", 0)
                .containsEntry("selfPayFen", 2000);
    }

    @Test
    void aVisitIsNotBegunBeforeTheWalletHoldsItsMoney() throws Exception {
        UUID elder = approvedElder();
        String orderId = (String) placedBeforeTheMonthIsCredited(elder).getBody().get("id");
        homes.setHome(elder, HOME);
        UUID early = qualifiedCaregiver(PROVIDER, LocalDate.now(clock).plusYears(1));
        post("/orders/" + orderId + "/dispatch", Map.of("caregiverId", early), PROVIDER_ADMIN);
        post("/orders/" + orderId + "/accept", Map.of(), caregiverToken(early));

        ResponseEntity<Map<String, Object>> tooEarly = atTheDoor(orderId, "check-in",
                doors.issueCode(elder).orElseThrow(), HOME, photo(), early);

        assertThat(tooEarly.getStatusCode().value()).isEqualTo(422);
        assertThat(tooEarly.getBody()).containsEntry("type", "https://eldercare.io/problems/funds-not-held-yet");
    }

    @Test
    void anOrderWaitingForItsMonthsMoneyIsCompletedOnceTheWalletHoldsIt() throws Exception {
        UUID elder = approvedElder();
        String orderId = (String) placedBeforeTheMonthIsCredited(elder).getBody().get("id");

        // the month is credited: the wallet holds the order and says how it is paid
        EventProbe.publish("eldercare.wallet.events", "wallet-service", new io.eldercare.events.FundsHeld(
                UUID.randomUUID(), elder, UUID.fromString(orderId), LocalDate.now(clock), 2000, 0, 2000, 0, 5000,
                2000));
        await().atMost(PATIENCE).until(() -> "HELD".equals(get("/orders/" + orderId, OPERATOR).getBody()
                .get("funding")));

        assertThat(get("/orders/" + orderId, OPERATOR).getBody()).containsEntry("subsidyFen", 2000)
                .containsEntry("selfPayFen", 0);
        assertThat(witnessedAndCalledBack(orderId, checkedOutVisit(orderId))).containsEntry("status", "COMPLETED");
    }

    @Test
    void anOrderWhoseWalletAnswerWasLostIsAskedAgainWithTheSameKeyAndPlacedWithTheHoldTheWalletMade() {
        UUID elder = approvedElder();
        // the instance that asked the wallet died before it recorded the answer, two minutes ago
        UUID order = orderAwaitingTheWallet(elder, Duration.ofMinutes(2));
        int holdsBefore = HOLDS.get();

        funding.resumeAwaitingWallet(Duration.ofSeconds(60), Duration.ofMinutes(10));

        assertThat(HOLDS.get()).isEqualTo(holdsBefore + 1);
        assertThat(JSON.readTree(LAST_HOLD.get()).path("orderId").asString()).isEqualTo(order.toString());
        assertThat(get("/orders/" + order, OPERATOR).getBody()).containsEntry("funding", "HELD")
                .containsEntry("subsidyFen", 2000).containsEntry("status", "CREATED");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(EventProbe.readAll("eldercare.workorder.events",
                Duration.ofMillis(500))).filteredOn(e -> e.aggregateId().equals(elder.toString()))
                .extracting(EventProbe::payload).singleElement()
                .isInstanceOf(io.eldercare.events.WorkOrderCreated.class));
    }

    @Test
    void anOrderTheWalletNeverAnsweredForIsGivenUpAfterTenMinutesAndItsHoldReleased() {
        UUID elder = approvedElder();
        UUID recent = orderAwaitingTheWallet(elder, Duration.ofMinutes(3));
        UUID old = orderAwaitingTheWallet(elder, Duration.ofMinutes(11));
        WALLET_DOWN.set(true);

        funding.resumeAwaitingWallet(Duration.ofSeconds(60), Duration.ofMinutes(10));

        assertThat(get("/orders/" + old, OPERATOR).getStatusCode().value()).isEqualTo(404);
        assertThat(jdbc.sql("SELECT count(*) FROM abandoned_order WHERE order_id = ?").param(old).query(Long.class)
                .single()).isEqualTo(1);
        assertThat(get("/orders/" + recent, OPERATOR).getBody()).as("asked again at the next sweep")
                .containsEntry("funding", "PENDING");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(EventProbe.readAll("eldercare.workorder.events",
                Duration.ofMillis(500))).filteredOn(e -> e.aggregateId().equals(elder.toString()))
                .extracting(EventProbe::payload).singleElement()
                .isInstanceOfSatisfying(WorkOrderCancelled.class, c -> assertThat(c.orderId()).isEqualTo(old)));
    }

    @Test
    void theWalletsFundsHeldOvertakingItsAnswerIsAppliedWhenTheAnswerIsRecorded() {
        UUID elder = approvedElder();
        UUID order = orderAwaitingTheWallet(elder, Duration.ofMinutes(2));
        // the wallet answered WAITING, the month was credited and the hold made, all before this service recorded
        // the answer
        EventProbe.publish("eldercare.wallet.events", "wallet-service", new io.eldercare.events.FundsHeld(
                UUID.randomUUID(), elder, order, LocalDate.now(clock), 2000, 0, 1500, 500, 0, 1500));
        await().atMost(PATIENCE).until(() -> jdbc.sql("SELECT count(*) FROM funds_held_copy WHERE order_id = ?")
                .param(order).query(Long.class).single() == 1);
        WALLET_WAITS.set(true);

        funding.resumeAwaitingWallet(Duration.ofSeconds(60), Duration.ofMinutes(10));

        assertThat(get("/orders/" + order, OPERATOR).getBody()).containsEntry("funding", "HELD")
                .containsEntry("subsidyFen", 1500).containsEntry("selfPayFen", 500);
    }
}
