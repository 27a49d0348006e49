package io.eldercare.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.eldercare.events.ApplicationApproved;
import io.eldercare.events.EventCodec;
import io.eldercare.events.EventEnvelope;
import io.eldercare.events.PolicyPublished;
import io.eldercare.events.MonthClosed;
import io.eldercare.events.WorkOrderCancelled;
import io.eldercare.events.WorkOrderCompleted;
import io.eldercare.testsupport.EventProbe;
import io.eldercare.testsupport.ServiceTest;
import io.eldercare.testsupport.Contracts;
import io.eldercare.testsupport.TestAuthority;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;

/**
 * The wallet against a real database and broker, with no catalog running: the packs reach it as the catalog's events
 * (published here in the catalog's name, as its contract says), and it never asks the catalog anything.
 */
@ServiceTest
class WalletFlowTest {

    private static final String CATALOG_TOPIC = "eldercare.catalog.events";
    /**
     * A Jiayuguan version with a classified subsidy, as the bureau would publish it: the seeded rules with a 40 yuan
     * day cap, prorated first months and two categories.
     */
    private static final String JIAYUGUAN_CLASSIFIED = """
            {"policyCode":"JIAYUGUAN-2024","version":2,"region":"JIAYUGUAN","name":"嘉峪关（分类补贴）",
             "effectiveFrom":"2027-01-01",
             "rules":{"offlineMonthlyAllowanceFen":0,"onlineMonthlyFeeFen":0,"resetRule":"MONTHLY",
                      "resetOnTermination":true,"firstMonthRule":"PRORATED","callbackDueHours":48,"complaintDueHours":48,
                      "hourlyRounding":"HALF_HOUR_UP","selfPayDiscountBps":1500,"perOrderCapFen":5000,
                      "perDayCapFen":4000,"deliveryFeeFen":300,"subsidisedMealsPerDay":1,"mealOrderCutoff":"10:00:00",
                      "unclaimedMealForfeited":true},
             "categories":[{"code":"JYG-DIBAO","name":"低保","minAge":60,"offlineMonthlyFen":9000,"onlineMonthlyFen":0},
                           {"code":"JYG-RESIDENT","name":"全市60周岁及以上老年人","minAge":60,"offlineMonthlyFen":0,
                            "onlineMonthlyFen":0}]}""";

    static {
        Contracts.publishEvents("catalog-facts", CATALOG_TOPIC, "catalog-service");
        EventProbe.publish(CATALOG_TOPIC, "catalog-service", new EventCodec().readPayload(
                tools.jackson.databind.json.JsonMapper.builder().build().readTree(JIAYUGUAN_CLASSIFIED),
                PolicyPublished.class));
    }

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /** Set by the test that sends a hold without its Idempotency-Key. */
    private static final ThreadLocal<Boolean> WITHOUT_KEY = new ThreadLocal<>();

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Clock clock;
    @Autowired
    WalletService service;
    @Autowired
    AnniversaryJob anniversaries;
    @Autowired
    MonthlyCredit monthlyCredit;
    @Autowired
    PolicyTerms policies;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;
    @Autowired
    org.springframework.transaction.support.TransactionTemplate transaction;
    RestClient http;

    private static final String SERVICE = TestAuthority.get().token("SERVICE");
    private static final String OPERATOR = TestAuthority.get().token("OPERATOR");
    private static final String JIAYUGUAN_OPERATOR = TestAuthority.get().token("operator.jiayuguan",
            Map.of("role", "OPERATOR", "region", "JIAYUGUAN"));

    @BeforeEach
    void client() {
        // the JDK's client: Apache's, the default when on the classpath, resends a request answered 503
        http = RestClient.builder().baseUrl("http://localhost:" + port)
                .requestFactory(new org.springframework.http.client.JdkClientHttpRequestFactory())
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { })
                // as the dispatch service does: a hold's Idempotency-Key is its order id
                .requestInterceptor((request, body, execution) -> {
                    if (request.getURI().getPath().equals("/holds") && WITHOUT_KEY.get() == null
                            && !request.getHeaders().containsHeader("Idempotency-Key")) {
                        request.getHeaders().set("Idempotency-Key", tools.jackson.databind.json.JsonMapper.builder()
                                .build().readTree(body).path("orderId").asString());
                    }
                    return execution.execute(request, body);
                })
                .build();
    }

    @Test
    void anElderSeesTheirOwnWalletOnlyAndACommunityWorkerOnlyTheirCommunitys() {
        UUID elder = approve();
        await().atMost(PATIENCE).until(() -> wallet(elder).getStatusCode().value() == 200);
        String self = TestAuthority.get().token("elder", Map.of("role", "ELDER", "elder", elder));
        String otherElder = TestAuthority.get().token("other", Map.of("role", "ELDER", "elder", UUID.randomUUID()));
        String worker = TestAuthority.get().token("w", Map.of("role", "COMMUNITY_WORKER",
                "community", "HP-QIANCHUAN-01"));
        String otherWorker = TestAuthority.get().token("w2", Map.of("role", "COMMUNITY_WORKER",
                "community", "HP-LIJI-03"));

        assertThat(wallet(elder, self).getStatusCode().value()).isEqualTo(200);
        assertThat(wallet(elder, worker).getStatusCode().value()).isEqualTo(200);
        assertThat(wallet(elder, otherElder).getStatusCode().value()).isEqualTo(404);
        assertThat(wallet(elder, otherWorker).getStatusCode().value()).isEqualTo(404);
        assertThat(wallet(elder, TestAuthority.get().token("PROVIDER_ADMIN")).getStatusCode().value())
                .isEqualTo(403);
    }

    @Test
    void onlyAServiceMayHoldFunds() {
        UUID elder = approve();
        await().atMost(PATIENCE).until(() -> wallet(elder).getStatusCode().value() == 200);

        ResponseEntity<Map<String, Object>> response = http.post().uri("/holds")
                .contentType(MediaType.APPLICATION_JSON).headers(h -> h.setBearerAuth(OPERATOR))
                .body(order(UUID.randomUUID(), elder, 2000, LocalDate.now(clock))).retrieve()
                .toEntity(new ParameterizedTypeReference<>() { });

        assertThat(response.getStatusCode().value()).isEqualTo(403);
        assertThat(wallet(elder).getBody()).containsEntry("heldFen", 0);
    }

    @Test
    void onlyTheWorkOrderServicesClientMayHoldAnotherServicesTokenIsRefusedAndNothingIsHeld() {
        UUID elder = approve();
        await().atMost(PATIENCE).until(() -> wallet(elder).getStatusCode().value() == 200);
        UUID order = UUID.randomUUID();

        for (String otherService : java.util.List.of(TestAuthority.get().service("settlement-service", "catalog.read"),
                TestAuthority.get().service("feedback-service"))) {
            ResponseEntity<Map<String, Object>> response = http.post().uri("/holds")
                    .contentType(MediaType.APPLICATION_JSON).headers(h -> {
                        h.setBearerAuth(otherService);
                        h.set("Idempotency-Key", order.toString());
                    })
                    .body(order(order, elder, 2000, LocalDate.now(clock))).retrieve()
                    .toEntity(new ParameterizedTypeReference<>() { });

            assertThat(response.getStatusCode().value()).isEqualTo(403);
            assertThat(response.getBody()).containsEntry("type", "https://eldercare.io/problems/scope-not-granted");
        }
        assertThat(wallet(elder).getBody()).containsEntry("heldFen", 0);
    }

    @Test
    void huangpiElderGetsSeventyYuanSpendsItAndPaysTheOverageThenGetsTheNextMonth() {
        YearMonth month = YearMonth.of(2031, 3);
        UUID elder = approveFrom(month.atDay(1));
        await().atMost(PATIENCE).until(() -> wallet(elder).getStatusCode().value() == 200);
        assertThat(wallet(elder).getBody()).containsEntry("availableFen", 7000);

        UUID haircut = UUID.randomUUID();
        assertThat(hold(haircut, elder, 2000).getBody()).containsEntry("subsidyFen", 2000)
                .containsEntry("selfPayFen", 0);
        complete(haircut, elder, 2000, 2000, 0);
        await().atMost(PATIENCE).until(() -> asLong(wallet(elder).getBody().get("heldFen")) == 0);
        assertThat(wallet(elder).getBody()).containsEntry("availableFen", 5000);

        UUID bath = UUID.randomUUID();
        assertThat(hold(bath, elder, 6000).getBody()).containsEntry("subsidyFen", 5000)
                .containsEntry("selfPayFen", 1000);
        complete(bath, elder, 6000, 5000, 1000);
        await().atMost(PATIENCE).until(() -> asLong(wallet(elder).getBody().get("heldFen")) == 0);
        assertThat(wallet(elder).getBody()).containsEntry("availableFen", 0).containsEntry("selfPayTotalFen", 1000);

        EventProbe.publish("eldercare.settlement.events", "settlement-service",
                new MonthClosed(month, Instant.now()));
        await().atMost(PATIENCE).until(() -> asLong(wallet(elder).getBody().get("availableFen")) == 7000);
        assertLedgerBalances(elder);
    }

    @Test
    void aHotlineSelfPayElderHasAnEmptyWalletAndPaysEverything() {
        UUID elder = approveFrom(LocalDate.of(2030, 1, 15), "HUANGPI-2020", "HP-SELF-PAY");
        await().atMost(PATIENCE).until(() -> wallet(elder).getStatusCode().value() == 200);

        assertThat(wallet(elder).getBody()).containsEntry("availableFen", 0);
        assertThat(hold(UUID.randomUUID(), elder, 2000).getBody()).containsEntry("subsidyFen", 0)
                .containsEntry("selfPayFen", 2000);
    }

    @Test
    void aJiayuguanWalletStartingMidMonthGetsItsShareAndHoldsWithinTheDayCapAtTheDiscount() {
        LocalDate start = LocalDate.of(2032, 6, 16);
        UUID elder = approveFrom(start, "JIAYUGUAN-2024", "JYG-DIBAO");
        await().atMost(PATIENCE).until(() -> wallet(elder).getStatusCode().value() == 200);
        // 16 to 30 June: 15 of 30 days of 90.00 yuan
        assertThat(wallet(elder).getBody()).containsEntry("availableFen", 4500).containsEntry("resetRule", "MONTHLY");

        Map<String, Object> first = holdOn(elder, 3000, start);
        Map<String, Object> second = holdOn(elder, 3000, start);
        Map<String, Object> nextDay = holdOn(elder, 3000, start.plusDays(1));

        assertThat(first).containsEntry("subsidyFen", 3000).containsEntry("selfPayFen", 0);
        // the day's cap leaves 10.00; the other 20.00 are self-paid at 17.00
        assertThat(second).containsEntry("subsidyFen", 1000).containsEntry("selfPayFen", 1700)
                .containsEntry("discountFen", 300).containsEntry("amountFen", 2700)
                .containsEntry("listAmountFen", 3000);
        // a new day, but only 5.00 left in the wallet
        assertThat(nextDay).containsEntry("subsidyFen", 500).containsEntry("selfPayFen", 2125);
        assertThat(wallet(elder).getBody()).containsEntry("availableFen", 0).containsEntry("heldFen", 4500);
        assertLedgerBalances(elder);
    }

    @Test
    void theSecondLoveLunchOfADayIsNotSubsidised() {
        LocalDate day = LocalDate.of(2033, 3, 1);
        UUID elder = approveFrom(day, "JIAYUGUAN-2024", "JYG-DIBAO");
        await().atMost(PATIENCE).until(() -> wallet(elder).getStatusCode().value() == 200);

        Map<String, Object> first = lunch(elder, day);
        Map<String, Object> second = lunch(elder, day);
        Map<String, Object> nextDay = lunch(elder, day.plusDays(1));

        assertThat(first).containsEntry("subsidyFen", 1200);
        assertThat(second).containsEntry("subsidyFen", 0).containsEntry("selfPayFen", 1020);
        assertThat(nextDay).containsEntry("subsidyFen", 1200);
    }

    private Map<String, Object> lunch(UUID elder, LocalDate day) {
        Map<String, Object> lunch = new java.util.HashMap<>(order(UUID.randomUUID(), elder, 1200, day));
        lunch.put("itemCode", "JYG-LUNCH-DINE-IN");
        lunch.put("meal", true);
        return http.post().uri("/holds").contentType(MediaType.APPLICATION_JSON).headers(h -> h.setBearerAuth(SERVICE))
                .body(lunch).retrieve().body(new ParameterizedTypeReference<>() { });
    }

    @Test
    void aWalletApprovedAfterItsFirstMonthClosedIsCreditedThatMonthAndTheNext() {
        YearMonth closedMonth = YearMonth.of(2024, 1);
        EventProbe.publish("eldercare.settlement.events", "settlement-service",
                new MonthClosed(closedMonth, Instant.now()));
        UUID elder = UUID.randomUUID();
        EventProbe.publish("eldercare.eligibility.events", "eligibility-service", new ApplicationApproved(
                UUID.randomUUID(), elder, "HUANGPI-2020", "HP-AGED80", "HP-QIANCHUAN-01", closedMonth.atDay(15),
                Instant.now()));

        // the start month on approval, the next one as soon as the credit pass sees the start month closed
        await().atMost(PATIENCE).until(() -> wallet(elder).getStatusCode().value() == 200
                && asLong(wallet(elder).getBody().get("availableFen")) == 14000);
    }

    @Test
    void aHuangpiWalletClearsOnItsAnniversaryOnce() {
        LocalDate start = LocalDate.of(2032, 6, 10);
        UUID elder = approveFrom(start);
        await().atMost(PATIENCE).until(() -> wallet(elder).getStatusCode().value() == 200);

        int cleared = anniversaries.clear(start.plusYears(1));
        int again = anniversaries.clear(start.plusYears(1));
        int notYet = anniversaries.clear(start.plusYears(1).minusDays(1));

        assertThat(cleared).isGreaterThanOrEqualTo(1);
        assertThat(again).isZero();
        assertThat(notYet).isZero();
        assertThat(wallet(elder).getBody()).containsEntry("availableFen", 0);
        assertLedgerBalances(elder);
    }

    @Test
    void aCompletionDeliveredTwiceIsCapturedOnce() {
        UUID elder = approve();
        await().atMost(PATIENCE).until(() -> wallet(elder).getStatusCode().value() == 200);
        UUID order = UUID.randomUUID();
        hold(order, elder, 2000);
        EventEnvelope completion = complete(order, elder, 2000, 2000, 0);

        EventProbe.publishRaw("eldercare.workorder.events", elder.toString(),
                new io.eldercare.events.EventCodec().write(completion));
        UUID marker = UUID.randomUUID();
        hold(marker, elder, 1000);
        complete(marker, elder, 1000, 1000, 0);

        await().atMost(PATIENCE).until(() -> asLong(wallet(elder).getBody().get("heldFen")) == 0);
        assertThat(wallet(elder).getBody()).containsEntry("availableFen", 4000);
        assertLedgerBalances(elder);
    }

    @Test
    void aRepeatedHoldForTheSameOrderHoldsOnce() {
        UUID elder = approve();
        await().atMost(PATIENCE).until(() -> wallet(elder).getStatusCode().value() == 200);
        UUID order = UUID.randomUUID();

        hold(order, elder, 2000);
        ResponseEntity<Map<String, Object>> again = hold(order, elder, 2000);
        ResponseEntity<Map<String, Object>> different = hold(order, elder, 3000);

        assertThat(again.getStatusCode().value()).isEqualTo(200);
        assertThat(different.getStatusCode().value()).isEqualTo(409);
        assertThat(wallet(elder).getBody()).containsEntry("availableFen", 5000).containsEntry("heldFen", 2000);
    }

    @Test
    void aHoldForAnElderWithoutAWalletIsRefusedWithAReason() {
        ResponseEntity<Map<String, Object>> response = hold(UUID.randomUUID(), UUID.randomUUID(), 2000);

        assertThat(response.getStatusCode().value()).isEqualTo(422);
        assertThat(response.getBody()).containsEntry("type", "https://eldercare.io/problems/no-wallet");
    }

    @Test
    void aNegativeAmountIsRefusedAndNothingChanges() {
        UUID elder = approve();
        await().atMost(PATIENCE).until(() -> wallet(elder).getStatusCode().value() == 200);

        ResponseEntity<Map<String, Object>> response = hold(UUID.randomUUID(), elder, -500);

        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(response.getBody().get("detail")).asString().contains("listAmountFen must be positive");
        assertThat(wallet(elder).getBody()).containsEntry("availableFen", 7000).containsEntry("heldFen", 0);
    }

    @Test
    void aHoldCarryingARuleIsRefusedAsAnUnknownFieldAndNothingIsHeld() {
        UUID elder = approveFrom(LocalDate.of(2030, 1, 15), "JIAYUGUAN-2024", "JYG-RESIDENT");
        await().atMost(PATIENCE).until(() -> wallet(elder).getStatusCode().value() == 200);
        Map<String, Object> withDiscount = new java.util.HashMap<>(order(UUID.randomUUID(), elder, 2000,
                LocalDate.of(2030, 1, 20)));
        withDiscount.put("selfPayDiscountBps", 10_000);

        ResponseEntity<Map<String, Object>> response = http.post().uri("/holds").contentType(MediaType.APPLICATION_JSON)
                .headers(h -> h.setBearerAuth(SERVICE)).body(withDiscount).retrieve()
                .toEntity(new ParameterizedTypeReference<>() { });

        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(response.getBody().get("detail")).asString().contains("selfPayDiscountBps", "not accepted");
        assertThat(jdbc.sql("SELECT count(*) FROM hold h JOIN wallet w ON w.id = h.wallet_id WHERE w.elder_id = ?")
                .param(elder).query(Long.class).single()).isZero();
    }

    @Test
    void theHoldTheDispatchServiceReliesOnIsWhatTheWalletAnswersUnderItsOwnCopyOfThePack() {
        // served from the 1st of tomorrow's month, so tomorrow's money is credited and the lunch is held at once
        UUID elder = approveFrom(LocalDate.now(clock).plusDays(1).withDayOfMonth(1), "JIAYUGUAN-2024",
                "JYG-RESIDENT");
        await().atMost(PATIENCE).until(() -> wallet(elder).getStatusCode().value() == 200);
        Map<String, Object> values = Map.of("orderId", UUID.randomUUID(), "elderId", elder);

        String answer = http.post().uri(Contracts.request("wallet-hold-JYG-LUNCH-DELIVERY"))
                .contentType(MediaType.APPLICATION_JSON).headers(h -> h.setBearerAuth(SERVICE))
                .body(Contracts.body("wallet-hold-JYG-LUNCH-DELIVERY", values)).retrieve().body(String.class);

        assertThat(Contracts.mismatches("wallet-hold-JYG-LUNCH-DELIVERY", values, answer)).isEmpty();
    }

    @Test
    void everyWalletIsCreditedWhenTheMonthClosesWithNoCatalogRunningAndNothingIsDeadLettered() {
        YearMonth month = YearMonth.of(2034, 5);
        List<UUID> elders = List.of(approveFrom(month.atDay(2)), approveFrom(month.atDay(10)),
                approveFrom(month.atDay(20), "JIAYUGUAN-2024", "JYG-DIBAO"));
        await().atMost(PATIENCE).until(() -> elders.stream().allMatch(e -> wallet(e).getStatusCode().value() == 200));

        EventProbe.publish("eldercare.settlement.events", "settlement-service", new MonthClosed(month, Instant.now()));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(elders).allSatisfy(elder -> assertThat(
                jdbc.sql("""
                        SELECT count(*) FROM wallet_credit c JOIN wallet w ON w.id = c.wallet_id
                        WHERE w.elder_id = ? AND c.month = ?""").params(elder, month.plusMonths(1).toString())
                        .query(Long.class).single()).isEqualTo(1)));
        // June brings Jiayuguan's 90 yuan after May's share expired (当月清零), and Huangpi's 70 on top
        assertThat(wallet(elders.get(2)).getBody()).containsEntry("availableFen", 9000);
        assertThat(wallet(elders.get(0)).getBody()).containsEntry("availableFen", 14000);
        assertThat(EventProbe.readAllRaw("eldercare.settlement.events.wallet-service.dlt", Duration.ofMillis(500)))
                .isEmpty();
    }

    @Test
    void aWalletThatCannotBeCreditedDoesNotHoldUpTheOthers() {
        YearMonth month = YearMonth.of(2035, 7);
        UUID good = approveFrom(month.atDay(1));
        await().atMost(PATIENCE).until(() -> wallet(good).getStatusCode().value() == 200);
        // a wallet whose category no pack version knows (data from before categories were checked)
        UUID broken = UUID.randomUUID();
        // first in the pass's order, so that the good wallet is credited only if a failure does not stop the pass
        UUID brokenWallet = new UUID(0, 1);
        double failedBefore = meters.counter("eldercare.wallet.month-credits", "outcome", "failed").count();
        jdbc.sql("""
                INSERT INTO wallet (id, elder_id, policy_code, reset_rule, anniversary, available_fen, held_fen, status,
                                    opened_at, version, community_code, category, credited_through)
                VALUES (?, ?, 'HUANGPI-2020', 'ANNIVERSARY', ?, 0, 0, 'OPEN', now(), 0, 'HP-QIANCHUAN-01',
                        'HP-NO-SUCH-CATEGORY', ?)""")
                .params(brokenWallet, broken, month.atDay(1), month.toString()).update();
        jdbc.sql("INSERT INTO wallet_credit VALUES (?, ?, 0, 0, now())").params(brokenWallet, month.toString()).update();

        EventProbe.publish("eldercare.settlement.events", "settlement-service", new MonthClosed(month, Instant.now()));

        await().atMost(PATIENCE).until(() -> asLong(wallet(good).getBody().get("availableFen")) == 14000);
        assertThat(jdbc.sql("SELECT credited_through FROM wallet WHERE id = ?").param(brokenWallet)
                .query(String.class).single()).isEqualTo(month.toString());
        assertThat(meters.counter("eldercare.wallet.month-credits", "outcome", "failed").count())
                .isGreaterThan(failedBefore);
    }

    @Test
    void workForADayNoKnownPackVersionCoversIsRefusedAsNotYetKnownNeverGuessed() {
        String code = newTestPack("TEST-GONE-");
        UUID elder = approveFrom(LocalDate.of(2031, 2, 1), code, "LATE-A");
        await().atMost(PATIENCE).until(() -> wallet(elder).getStatusCode().value() == 200);
        // as in a service whose copy has not (yet) received the pack
        jdbc.sql("DELETE FROM policy_pack_copy WHERE policy_code = ?").param(code).update();

        ResponseEntity<Map<String, Object>> response = hold(UUID.randomUUID(), elder, 2000);

        assertThat(response.getStatusCode().value()).isEqualTo(503);
        assertThat(response.getBody()).containsEntry("type", "https://eldercare.io/problems/policy-not-known-yet");
        assertThat(wallet(elder).getBody()).containsEntry("heldFen", 0);
    }

    /** A pack of the test's own, published in the catalog's name: Huangpi's rules, one category of 50 yuan. */
    private static String newTestPack(String prefix) {
        String code = prefix + Math.abs(new java.util.Random().nextInt(1_000_000));
        publishTestPack(code);
        return code;
    }

    private static void publishTestPack(String code) {
        PolicyPublished huangpi = Contracts.events("catalog-facts").stream()
                .filter(PolicyPublished.class::isInstance).map(PolicyPublished.class::cast)
                .filter(p -> p.policyCode().equals("HUANGPI-2020")).findFirst().orElseThrow();
        EventProbe.publish(CATALOG_TOPIC, "catalog-service", new PolicyPublished(code, 1, "HUANGPI", "test pack",
                LocalDate.of(2030, 1, 1), huangpi.rules(), List.of(new PolicyPublished.Category("LATE-A", "late",
                        60, 5000, 0))));
    }

    @Test
    void aWalletApprovedBeforeItsPackReachedTheWalletOpensOnceThePackArrives() throws InterruptedException {
        String code = "TEST-LATE-" + Math.abs(new java.util.Random().nextInt(1_000_000));
        UUID elder = approveFrom(LocalDate.of(2031, 2, 1), code, "LATE-A");
        Thread.sleep(1500);
        assertThat(wallet(elder).getStatusCode().value()).isEqualTo(404);

        publishTestPack(code);

        await().atMost(PATIENCE).until(() -> wallet(elder).getStatusCode().value() == 200);
        assertThat(wallet(elder).getBody()).containsEntry("availableFen", 5000);
    }

    @Test
    void anOrderCancelledBeforeItsHoldArrivedIsNeverHeld() {
        UUID elder = approve();
        await().atMost(PATIENCE).until(() -> wallet(elder).getStatusCode().value() == 200);
        UUID order = UUID.randomUUID();

        // dispatch gave up waiting for the wallet and cancelled; the hold request arrives afterwards
        EventProbe.publish("eldercare.workorder.events", "workorder-service", new WorkOrderCancelled(order, elder,
                UUID.randomUUID(), "not placed: the wallet did not answer", Instant.now()));
        await().atMost(PATIENCE).until(() -> jdbc.sql("SELECT count(*) FROM released_order WHERE order_id = ?")
                .param(order).query(Long.class).single() == 1);
        ResponseEntity<Map<String, Object>> late = hold(order, elder, 2000);

        assertThat(late.getStatusCode().value()).isEqualTo(409);
        assertThat(late.getBody()).containsEntry("type", "https://eldercare.io/problems/order-cancelled");
        assertThat(wallet(elder).getBody()).containsEntry("availableFen", 7000).containsEntry("heldFen", 0);
    }

    @Test
    void aReleasedHoldIsNotHandedBackToARepeatedRequest() {
        UUID elder = approve();
        await().atMost(PATIENCE).until(() -> wallet(elder).getStatusCode().value() == 200);
        UUID order = UUID.randomUUID();
        hold(order, elder, 2000);

        EventProbe.publish("eldercare.workorder.events", "workorder-service", new WorkOrderCancelled(order, elder,
                UUID.randomUUID(), "not placed: the wallet did not answer", Instant.now()));
        await().atMost(PATIENCE).until(() -> asLong(wallet(elder).getBody().get("heldFen")) == 0);
        ResponseEntity<Map<String, Object>> again = hold(order, elder, 2000);

        assertThat(again.getStatusCode().value()).isEqualTo(409);
        assertThat(again.getBody()).containsEntry("type", "https://eldercare.io/problems/order-cancelled");
        assertThat(wallet(elder).getBody()).containsEntry("availableFen", 7000).containsEntry("heldFen", 0);
    }

    @Test
    void aHoldWithoutItsOrdersIdempotencyKeyIsRefusedAndNothingIsHeld() {
        UUID elder = approve();
        await().atMost(PATIENCE).until(() -> wallet(elder).getStatusCode().value() == 200);

        WITHOUT_KEY.set(true);
        ResponseEntity<Map<String, Object>> response;
        try {
            response = hold(UUID.randomUUID(), elder, 2000);
        } finally {
            WITHOUT_KEY.remove();
        }

        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(response.getBody()).containsEntry("type", "https://eldercare.io/problems/idempotency-key-required");
        assertThat(wallet(elder).getBody()).containsEntry("heldFen", 0);
    }

    @Test
    void aWalletLockedByAnotherChangeAnswersBusyWithinTwoSecondsAndHoldsNothing() throws Exception {
        UUID elder = approve();
        await().atMost(PATIENCE).until(() -> wallet(elder).getStatusCode().value() == 200);
        java.util.concurrent.CountDownLatch locked = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread holder = new Thread(() -> transaction.executeWithoutResult(status -> {
            jdbc.sql("SELECT id FROM wallet WHERE elder_id = ? FOR UPDATE").param(elder).query(UUID.class).single();
            locked.countDown();
            try {
                release.await(20, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        holder.start();
        assertThat(locked.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        long started = System.nanoTime();

        ResponseEntity<Map<String, Object>> response;
        try {
            response = hold(UUID.randomUUID(), elder, 2000);
        } finally {
            release.countDown();
            holder.join();
        }

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        assertThat(response.getStatusCode().value()).isEqualTo(503);
        assertThat(response.getBody()).containsEntry("type", "https://eldercare.io/problems/busy");
        assertThat(wallet(elder).getBody()).containsEntry("heldFen", 0);
    }

    @Test
    void theLedgerCannotBeEditedTheDatabaseRefusesUpdateAndDelete() {
        UUID elder = approve();
        await().atMost(PATIENCE).until(() -> wallet(elder).getStatusCode().value() == 200);
        UUID walletId = jdbc.sql("SELECT id FROM wallet WHERE elder_id = ?").param(elder).query(UUID.class).single();

        assertThatThrownBy(() -> jdbc.sql("UPDATE ledger_entry SET amount_fen = amount_fen * 2 WHERE wallet_id = ?")
                .param(walletId).update()).hasMessageContaining("never changed or deleted");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM ledger_entry WHERE wallet_id = ?").param(walletId).update())
                .hasMessageContaining("never changed or deleted");
        assertLedgerBalances(elder);
    }

    @Test
    void theAuditorsLedgerCheckFindsABalanceThatDiffersFromItsEntries() {
        UUID elder = approve();
        await().atMost(PATIENCE).until(() -> wallet(elder).getStatusCode().value() == 200);
        String auditor = TestAuthority.get().token("AUDITOR");
        UUID walletId = jdbc.sql("SELECT id FROM wallet WHERE elder_id = ?").param(elder).query(UUID.class).single();
        assertThat(ledgerCheck(auditor)).satisfies(report -> {
            assertThat((List<?>) report.get("balanceMismatches")).isEmpty();
            assertThat((List<?>) report.get("unbalancedPostings")).isEmpty();
        });

        // a balance edited behind the ledger's back
        jdbc.sql("UPDATE wallet SET available_fen = available_fen + 1 WHERE id = ?").param(walletId).update();
        try {
            assertThat((List<Map<String, Object>>) ledgerCheck(auditor).get("balanceMismatches")).singleElement()
                    .satisfies(m -> assertThat(m).containsEntry("walletId", walletId.toString())
                            .containsEntry("account", "AVAILABLE").containsEntry("recordedFen", 7001)
                            .containsEntry("entriesFen", 7000));
        } finally {
            jdbc.sql("UPDATE wallet SET available_fen = available_fen - 1 WHERE id = ?").param(walletId).update();
        }
        assertThat(http.get().uri("/audit/ledger-check").headers(h -> h.setBearerAuth(OPERATOR)).retrieve()
                .toBodilessEntity().getStatusCode().value()).isEqualTo(403);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> ledgerCheck(String token) {
        return http.get().uri("/audit/ledger-check").headers(h -> h.setBearerAuth(token)).retrieve()
                .body(Map.class);
    }

    @Test
    void aServiceDeliveredForLessThanWasHeldSpendsWhatItCostAndReleasesTheRestEachAsAnEvent() {
        UUID elder = approve();
        await().atMost(PATIENCE).until(() -> wallet(elder).getStatusCode().value() == 200);
        UUID order = UUID.randomUUID();
        hold(order, elder, 3000);

        // a shorter visit than ordered: 20.00 of the 30.00 held
        EventProbe.publish("eldercare.workorder.events", "workorder-service", new WorkOrderCompleted(order, elder,
                UUID.randomUUID(), "HP-KITCHEN", "HUANGPI-2020", "PER_HOUR", 3000, 1, 2000, 2000, 0,
                LocalDate.now(clock), Instant.now(), "FACE"));

        await().atMost(PATIENCE).until(() -> asLong(wallet(elder).getBody().get("heldFen")) == 0);
        assertThat(wallet(elder).getBody()).containsEntry("availableFen", 5000);
        assertLedgerBalances(elder);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(EventProbe.readAll("eldercare.wallet.events",
                Duration.ofMillis(500))).filteredOn(e -> e.aggregateId().equals(elder.toString()))
                .extracting(EventProbe::payload)
                .anySatisfy(e -> assertThat(e).isEqualTo(new io.eldercare.events.FundsHeld(walletOf(elder), elder,
                        order, startOf(elder), 3000, 0, 3000, 0, 4000, 3000)))
                .anySatisfy(e -> assertThat(e).isEqualTo(new io.eldercare.events.FundsCaptured(walletOf(elder),
                        elder, order, 2000, 0, 4000, 1000)))
                .anySatisfy(e -> assertThat(e).isEqualTo(new io.eldercare.events.HoldReleased(walletOf(elder),
                        elder, order, 1000, "DELIVERED_FOR_LESS", 5000, 0))));
    }

    @Test
    void aCompletionForMoreThanWasHeldIsRefusedAndParkedNotCaptured() {
        UUID elder = approve();
        await().atMost(PATIENCE).until(() -> wallet(elder).getStatusCode().value() == 200);
        UUID order = UUID.randomUUID();
        hold(order, elder, 3000);

        EventEnvelope more = EventProbe.publish("eldercare.workorder.events", "workorder-service",
                new WorkOrderCompleted(order, elder, UUID.randomUUID(), "HP-KITCHEN", "HUANGPI-2020", "PER_HOUR",
                        3000, 2, 6000, 6000, 0, LocalDate.now(clock), Instant.now(), "FACE"));

        await().atMost(PATIENCE).until(() -> EventProbe.readAll("eldercare.workorder.events.wallet-service.dlt",
                Duration.ofMillis(500)).stream().anyMatch(e -> e.eventId().equals(more.eventId())));
        assertThat(wallet(elder).getBody()).containsEntry("availableFen", 4000).containsEntry("heldFen", 3000);
    }

    @Test
    void anOrderDatedBeforeTheWalletsServiceStartIsNotPaidFromIt() {
        UUID elder = approveFrom(LocalDate.of(2030, 1, 15));
        await().atMost(PATIENCE).until(() -> wallet(elder).getStatusCode().value() == 200);

        ResponseEntity<Map<String, Object>> early = http.post().uri("/holds").contentType(MediaType.APPLICATION_JSON)
                .headers(h -> h.setBearerAuth(SERVICE)).body(order(UUID.randomUUID(), elder, 2000,
                        LocalDate.of(2030, 1, 14)))
                .retrieve().toEntity(new ParameterizedTypeReference<>() { });

        assertThat(early.getStatusCode().value()).isEqualTo(422);
        assertThat(early.getBody()).containsEntry("type", "https://eldercare.io/problems/before-service-start");
        assertThat(wallet(elder).getBody()).containsEntry("heldFen", 0);
    }

    @Test
    void anOrderForAMonthNotCreditedYetWaitsAndIsHeldFromThatMonthsMoneyOnceItIs() {
        YearMonth march = YearMonth.of(2035, 3);
        UUID elder = approveFrom(march.atDay(1), "JIAYUGUAN-2024", "JYG-DIBAO");
        await().atMost(PATIENCE).until(() -> wallet(elder).getStatusCode().value() == 200);
        UUID april = UUID.randomUUID();

        Map<String, Object> waiting = holdOrder(april, elder, 3000, march.plusMonths(1).atDay(10)).getBody();
        holdOrder(UUID.randomUUID(), elder, 3000, march.atDay(5));

        assertThat(waiting).containsEntry("status", "WAITING").containsEntry("subsidyFen", 0);
        assertThat(wallet(elder).getBody()).containsEntry("availableFen", 6000).containsEntry("heldFen", 3000);
        EventProbe.publish("eldercare.settlement.events", "settlement-service", new MonthClosed(march, Instant.now()));
        // March's 60.00 left expire (当月清零不累计), April's 90.00 come, and the April order takes 30.00 of them
        await().atMost(PATIENCE).until(() -> asLong(wallet(elder).getBody().get("heldFen")) == 6000);
        assertThat(wallet(elder).getBody()).containsEntry("availableFen", 6000);
        assertThat(jdbc.sql("SELECT status FROM hold WHERE order_id = ?").param(april).query(String.class).single())
                .isEqualTo("HELD");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(EventProbe.readAll("eldercare.wallet.events",
                Duration.ofMillis(500))).extracting(EventProbe::payload)
                .anySatisfy(e -> assertThat(e).isEqualTo(new io.eldercare.events.FundsHeld(walletOf(elder), elder,
                        april, march.plusMonths(1).atDay(10), 3000, 0, 3000, 0, 6000, 6000))));
        assertLedgerBalances(elder);
    }

    @Test
    void moneyReleasedAfterItsMonthWasResetExpiresWithItsReasonInsteadOfReturningToTheBalance() {
        YearMonth may = YearMonth.of(2035, 5);
        UUID elder = approveFrom(may.atDay(1), "JIAYUGUAN-2024", "JYG-DIBAO");
        await().atMost(PATIENCE).until(() -> wallet(elder).getStatusCode().value() == 200);
        UUID lateMay = UUID.randomUUID();
        holdOrder(lateMay, elder, 4000, may.atEndOfMonth());
        EventProbe.publish("eldercare.settlement.events", "settlement-service", new MonthClosed(may, Instant.now()));
        await().atMost(PATIENCE).until(() -> asLong(wallet(elder).getBody().get("availableFen")) == 9000);

        EventProbe.publish("eldercare.workorder.events", "workorder-service", new WorkOrderCancelled(lateMay, elder,
                UUID.randomUUID(), "the elder was away", Instant.now()));

        await().atMost(PATIENCE).until(() -> asLong(wallet(elder).getBody().get("heldFen")) == 0);
        assertThat(wallet(elder).getBody()).containsEntry("availableFen", 9000);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(EventProbe.readAll("eldercare.wallet.events",
                Duration.ofMillis(500))).extracting(EventProbe::payload)
                .anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(io.eldercare.events.SubsidyExpired.class,
                        x -> assertThat(x).extracting("orderId", "expiredFen", "reason", "availableFen", "heldFen")
                                .containsExactly(lateMay, 4000L, "RELEASED_AFTER_RESET", 9000L, 0L))));
        assertLedgerBalances(elder);
    }

    @Test
    void anOrderForAMonthWhoseMoneyWasResetIsRefusedAndNothingIsHeld() {
        YearMonth july = YearMonth.of(2038, 7);
        UUID elder = approveFrom(july.atDay(1), "JIAYUGUAN-2024", "JYG-DIBAO");
        await().atMost(PATIENCE).until(() -> wallet(elder).getStatusCode().value() == 200);
        EventProbe.publish("eldercare.settlement.events", "settlement-service", new MonthClosed(july, Instant.now()));
        await().atMost(PATIENCE).until(() -> jdbc.sql("SELECT credited_through FROM wallet WHERE elder_id = ?")
                .param(elder).query(String.class).single().equals("2038-08"));

        ResponseEntity<Map<String, Object>> late = holdOrder(UUID.randomUUID(), elder, 2000, july.atDay(31));

        assertThat(late.getStatusCode().value()).isEqualTo(422);
        assertThat(late.getBody()).containsEntry("type", "https://eldercare.io/problems/period-reset");
        assertThat(wallet(elder).getBody()).containsEntry("heldFen", 0).containsEntry("availableFen", 9000);
    }

    @Test
    void aWaitingOrderCancelledBeforeItsMonthIsNeverHeld() {
        YearMonth september = YearMonth.of(2035, 9);
        UUID elder = approveFrom(september.atDay(1), "JIAYUGUAN-2024", "JYG-DIBAO");
        await().atMost(PATIENCE).until(() -> wallet(elder).getStatusCode().value() == 200);
        UUID october = UUID.randomUUID();
        holdOrder(october, elder, 3000, september.plusMonths(1).atDay(3));
        EventProbe.publish("eldercare.workorder.events", "workorder-service", new WorkOrderCancelled(october, elder,
                UUID.randomUUID(), "changed plans", Instant.now()));
        await().atMost(PATIENCE).until(() -> "RELEASED".equals(jdbc.sql("SELECT status FROM hold WHERE order_id = ?")
                .param(october).query(String.class).single()));

        EventProbe.publish("eldercare.settlement.events", "settlement-service",
                new MonthClosed(september, Instant.now()));

        await().atMost(PATIENCE).until(() -> jdbc.sql("SELECT credited_through FROM wallet WHERE elder_id = ?")
                .param(elder).query(String.class).single().equals("2035-10"));
        assertThat(wallet(elder).getBody()).containsEntry("heldFen", 0).containsEntry("availableFen", 9000);
        assertLedgerBalances(elder);
    }

    @Test
    void aSecondApprovalOfTheSameElderChangesWhatTheNextMonthCredits() {
        YearMonth january = YearMonth.of(2037, 1);
        UUID elder = approveFrom(january.atDay(5));
        await().atMost(PATIENCE).until(() -> wallet(elder).getStatusCode().value() == 200);

        EventProbe.publish("eldercare.eligibility.events", "eligibility-service", new ApplicationApproved(
                UUID.randomUUID(), elder, "HUANGPI-2020", "HP-SELF-PAY", "HP-QIANCHUAN-02", january.atDay(20),
                Instant.now()));
        await().atMost(PATIENCE).until(() -> "HP-SELF-PAY".equals(jdbc.sql(
                "SELECT category FROM wallet WHERE elder_id = ?").param(elder).query(String.class).single()));
        EventProbe.publish("eldercare.settlement.events", "settlement-service", new MonthClosed(january, Instant.now()));

        await().atMost(PATIENCE).until(() -> jdbc.sql("SELECT credited_through FROM wallet WHERE elder_id = ?")
                .param(elder).query(String.class).single().equals("2037-02"));
        assertThat(jdbc.sql("SELECT amount_fen FROM wallet_credit w JOIN wallet x ON x.id = w.wallet_id"
                + " WHERE x.elder_id = ? AND w.month = '2037-02'").param(elder).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT community_code FROM wallet WHERE elder_id = ?").param(elder).query(String.class)
                .single()).isEqualTo("HP-QIANCHUAN-02");
        // Huangpi carries money over until the anniversary: January's 70.00 stay
        assertThat(wallet(elder).getBody()).containsEntry("availableFen", 7000);
    }

    @Test
    void openingAWalletAndClosingItsMonthAtTheSameInstantNeverMissEachOtherAndTheNextMonthIsCreditedOnce()
            throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 8; i++) {
                YearMonth month = YearMonth.of(2039, 1 + i);
                UUID elder = UUID.randomUUID();
                var barrier = new java.util.concurrent.CyclicBarrier(2);
                var open = pool.submit(() -> {
                    barrier.await();
                    return service.open(elder, "HP-DIBAO", "HP-QIANCHUAN-01",
                            policies.inForceOn("HUANGPI-2020", month.atDay(1)), month.atDay(1));
                });
                var close = pool.submit(() -> {
                    barrier.await();
                    service.recordClosed(month, Instant.now());
                    return monthlyCredit.creditDue();
                });
                open.get(30, java.util.concurrent.TimeUnit.SECONDS);
                close.get(30, java.util.concurrent.TimeUnit.SECONDS);

                monthlyCredit.creditDue(); // the next pass, as the scheduler runs it
                monthlyCredit.creditDue();

                assertThat(jdbc.sql("""
                        SELECT c.month FROM wallet_credit c JOIN wallet w ON w.id = c.wallet_id
                        WHERE w.elder_id = ? ORDER BY c.month""").param(elder).query(String.class).list())
                        .as("credited %s and the month after it, once each", month)
                        .containsExactly(month.toString(), month.plusMonths(1).toString());
                assertThat(wallet(elder).getBody()).containsEntry("availableFen", 14000);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anniversariesThatPassedWhileTheJobWasDownAreClearedOnceWhenItRunsIncludingTheTwentyNinthOfFebruaryAndTheThirtyFirst() {
        LocalDate leapDay = LocalDate.of(2036, 2, 29);
        LocalDate thirtyFirst = LocalDate.of(2036, 1, 31);
        UUID leap = approveFrom(leapDay);
        UUID endOfMonth = approveFrom(thirtyFirst);
        await().atMost(PATIENCE).until(() -> wallet(leap).getStatusCode().value() == 200
                && wallet(endOfMonth).getStatusCode().value() == 200);
        java.time.ZoneId shanghai = java.time.ZoneId.of("Asia/Shanghai");
        // the service was down from the 27th of January to the 3rd of March 2037: 31 January and 28 February passed
        AnniversaryJob afterJanuary = new AnniversaryJob(service, transaction, Clock.fixed(
                LocalDate.of(2037, 2, 3).atTime(0, 5).atZone(shanghai).toInstant(), shanghai), meters, 7, 366);
        AnniversaryJob afterFebruary = new AnniversaryJob(service, transaction, Clock.fixed(
                LocalDate.of(2037, 3, 3).atTime(0, 5).atZone(shanghai).toInstant(), shanghai), meters, 7, 366);

        afterJanuary.clearToday();
        afterFebruary.clearToday();
        afterFebruary.clearToday();

        assertThat(clearedOn(endOfMonth)).containsExactly(LocalDate.of(2037, 1, 31));
        assertThat(clearedOn(leap)).containsExactly(LocalDate.of(2037, 2, 28));
        assertThat(wallet(leap).getBody()).containsEntry("availableFen", 0);
        assertThat(wallet(endOfMonth).getBody()).containsEntry("availableFen", 0);
        assertLedgerBalances(leap);
    }

    @Test
    void aHoldTakenUnderTheMonthlyResetExpiresAfterItsMonthEvenIfALaterApprovalChangedTheRule() {
        YearMonth june = YearMonth.of(2041, 6);
        UUID elder = approveFrom(june.atDay(1), "JIAYUGUAN-2024", "JYG-DIBAO");
        await().atMost(PATIENCE).until(() -> wallet(elder).getStatusCode().value() == 200);
        UUID order = UUID.randomUUID();
        holdOrder(order, elder, 3000, june.atDay(20));
        EventProbe.publish("eldercare.settlement.events", "settlement-service", new MonthClosed(june, Instant.now()));
        await().atMost(PATIENCE).until(() -> jdbc.sql("SELECT credited_through FROM wallet WHERE elder_id = ?")
                .param(elder).query(String.class).single().equals("2041-07"));
        // re-approved under Huangpi's rules, which carry money over
        EventProbe.publish("eldercare.eligibility.events", "eligibility-service", new ApplicationApproved(
                UUID.randomUUID(), elder, "HUANGPI-2020", "HP-DIBAO", "HP-QIANCHUAN-01", june.atDay(1),
                Instant.now()));
        await().atMost(PATIENCE).until(() -> "ANNIVERSARY".equals(jdbc.sql(
                "SELECT reset_rule FROM wallet WHERE elder_id = ?").param(elder).query(String.class).single()));
        long available = asLong(wallet(elder).getBody().get("availableFen"));

        EventProbe.publish("eldercare.workorder.events", "workorder-service", new WorkOrderCancelled(order, elder,
                UUID.randomUUID(), "the elder was away", Instant.now()));

        await().atMost(PATIENCE).until(() -> asLong(wallet(elder).getBody().get("heldFen")) == 0);
        assertThat(asLong(wallet(elder).getBody().get("availableFen"))).isEqualTo(available);
        assertLedgerBalances(elder);
    }

    @Test
    void aCompletionAfterItsHoldWasReleasedIsParkedForTheBureauNotDroppedQuietly() {
        UUID elder = approve();
        await().atMost(PATIENCE).until(() -> wallet(elder).getStatusCode().value() == 200);
        UUID order = UUID.randomUUID();
        hold(order, elder, 2000);
        EventProbe.publish("eldercare.workorder.events", "workorder-service", new WorkOrderCancelled(order, elder,
                UUID.randomUUID(), "cancelled", Instant.now()));
        await().atMost(PATIENCE).until(() -> asLong(wallet(elder).getBody().get("heldFen")) == 0);

        EventEnvelope late = complete(order, elder, 2000, 2000, 0);

        await().atMost(PATIENCE).until(() -> EventProbe.readAll("eldercare.workorder.events.wallet-service.dlt",
                Duration.ofMillis(500)).stream().anyMatch(e -> e.eventId().equals(late.eventId())));
        assertThat(wallet(elder).getBody()).containsEntry("availableFen", 7000).containsEntry("heldFen", 0);
        assertLedgerBalances(elder);
    }

    @Test
    void aTerminatedEldersWalletClosesItsBalanceExpiresAndHeldMoneyThatComesBackExpiresToo() {
        YearMonth month = YearMonth.of(2042, 3);
        UUID elder = approveFrom(month.atDay(1), "JIAYUGUAN-2024", "JYG-DIBAO");
        await().atMost(PATIENCE).until(() -> wallet(elder).getStatusCode().value() == 200);
        UUID held = UUID.randomUUID();
        holdOrder(held, elder, 3000, month.atDay(10));

        EventProbe.publish("eldercare.eligibility.events",
                "eligibility-service", new io.eldercare.events.ServiceTerminated(UUID.randomUUID(), elder,
                        "JIAYUGUAN-2024", month.atDay(15), "MOVED_AWAY", Instant.now()));

        await().atMost(PATIENCE).until(() -> "CLOSED".equals(wallet(elder).getBody().get("status")));
        assertThat(wallet(elder).getBody()).containsEntry("availableFen", 0).containsEntry("heldFen", 3000);
        ResponseEntity<Map<String, Object>> after = holdOrder(UUID.randomUUID(), elder, 1000, month.atDay(12));
        assertThat(after.getStatusCode().value()).isEqualTo(422);
        assertThat(after.getBody()).containsEntry("type", "https://eldercare.io/problems/wallet-closed");

        EventProbe.publish("eldercare.workorder.events", "workorder-service", new WorkOrderCancelled(held, elder,
                UUID.randomUUID(), "service terminated", Instant.now()));

        await().atMost(PATIENCE).until(() -> asLong(wallet(elder).getBody().get("heldFen")) == 0);
        assertThat(wallet(elder).getBody()).containsEntry("availableFen", 0);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(EventProbe.readAll("eldercare.wallet.events",
                Duration.ofMillis(500))).extracting(EventProbe::payload)
                .filteredOn(io.eldercare.events.SubsidyExpired.class::isInstance)
                .map(io.eldercare.events.SubsidyExpired.class::cast)
                .filteredOn(e -> e.elderId().equals(elder))
                .extracting(io.eldercare.events.SubsidyExpired::reason, io.eldercare.events.SubsidyExpired::expiredFen)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("TERMINATED", 6000L),
                        org.assertj.core.groups.Tuple.tuple("RELEASED_AFTER_CLOSING", 3000L)));
        assertLedgerBalances(elder);
    }

    @Test
    void aWalletStartingInALaterMonthIsNeverCreditedForTheMonthsClosedBeforeItsStart() {
        YearMonth start = YearMonth.of(2043, 5);
        UUID elder = approveFrom(start.atDay(1));
        await().atMost(PATIENCE).until(() -> wallet(elder).getStatusCode().value() == 200);

        EventProbe.publish("eldercare.settlement.events", "settlement-service",
                new MonthClosed(start.minusMonths(2), Instant.now()));
        EventProbe.publish("eldercare.settlement.events", "settlement-service",
                new MonthClosed(start.minusMonths(1), Instant.now()));
        await().atMost(PATIENCE).until(() -> jdbc.sql("SELECT count(*) FROM closed_month WHERE month IN (?, ?)")
                .params(start.minusMonths(2).toString(), start.minusMonths(1).toString()).query(Long.class)
                .single() == 2);
        monthlyCredit.creditDue();
        monthlyCredit.creditDue();

        assertThat(jdbc.sql("""
                SELECT c.month FROM wallet_credit c JOIN wallet w ON w.id = c.wallet_id WHERE w.elder_id = ?
                ORDER BY c.month""").param(elder).query(String.class).list()).containsExactly(start.toString());
        assertThat(wallet(elder).getBody()).containsEntry("availableFen", 7000);
    }

    @Test
    void aRegionalRoleOfAnotherRegionFindsNoWalletAndATokenWithoutItsRegionIsRefused() {
        UUID elder = approve(); // Huangpi
        await().atMost(PATIENCE).until(() -> wallet(elder).getStatusCode().value() == 200);
        String jiayuguanOperator = TestAuthority.get().token("op.jyg", Map.of("role", "OPERATOR",
                "region", "JIAYUGUAN"));
        String noRegion = TestAuthority.get().token("op.none", Map.of("role", "OPERATOR"));

        assertThat(wallet(elder, jiayuguanOperator).getStatusCode().value()).isEqualTo(404);
        assertThat(wallet(elder, noRegion).getStatusCode().value()).isEqualTo(403);
        assertThat(wallet(elder, noRegion).getBody()).containsEntry("type",
                "https://eldercare.io/problems/scope-claim-missing");
    }

    private List<LocalDate> clearedOn(UUID elder) {
        return jdbc.sql("SELECT on_date FROM wallet_expiry e JOIN wallet w ON w.id = e.wallet_id WHERE w.elder_id = ?"
                + " ORDER BY on_date").param(elder).query(LocalDate.class).list();
    }

    private ResponseEntity<Map<String, Object>> holdOrder(UUID order, UUID elder, long amount, LocalDate day) {
        Map<String, Object> visit = new java.util.HashMap<>(order(order, elder, amount, day));
        visit.put("itemCode", "JYG-VISIT");
        return http.post().uri("/holds").contentType(MediaType.APPLICATION_JSON).headers(h -> h.setBearerAuth(SERVICE))
                .body(visit).retrieve().toEntity(new ParameterizedTypeReference<>() { });
    }

    /** The wallet's service start: a day whose month is credited, for holds whose day does not matter. */
    private LocalDate startOf(UUID elder) {
        return jdbc.sql("SELECT anniversary FROM wallet WHERE elder_id = ?").param(elder).query(LocalDate.class)
                .optional().orElse(LocalDate.of(2030, 1, 15));
    }

    private UUID walletOf(UUID elder) {
        return jdbc.sql("SELECT id FROM wallet WHERE elder_id = ?").param(elder).query(UUID.class).single();
    }

    /** Approved from a month that no test closes, unless a test closes it itself. */
    private UUID approve() {
        return approveFrom(LocalDate.of(2030, 1, 15));
    }

    private UUID approveFrom(LocalDate serviceStart) {
        return approveFrom(serviceStart, "HUANGPI-2020", "HP-DIBAO");
    }

    private UUID approveFrom(LocalDate serviceStart, String policy, String category) {
        UUID elder = UUID.randomUUID();
        EventProbe.publish("eldercare.eligibility.events", "eligibility-service", new ApplicationApproved(
                UUID.randomUUID(), elder, policy, category, "HP-QIANCHUAN-01", serviceStart, Instant.now()));
        return elder;
    }

    /** A hold of a Jiayuguan visit: the caps and discount are the wallet's copy of the pack's. */
    private Map<String, Object> holdOn(UUID elder, long amount, LocalDate day) {
        Map<String, Object> visit = new java.util.HashMap<>(order(UUID.randomUUID(), elder, amount, day));
        visit.put("itemCode", "JYG-VISIT");
        return http.post().uri("/holds").contentType(MediaType.APPLICATION_JSON).headers(h -> h.setBearerAuth(SERVICE))
                .body(visit).retrieve().body(new ParameterizedTypeReference<>() { });
    }

    /** An order as the dispatch service asks for it: what, when, at what market price; never a rule. */
    private static Map<String, Object> order(UUID order, UUID elder, long amount, LocalDate day) {
        return Map.of("orderId", order, "elderId", elder, "serviceDate", day.toString(), "itemCode", "HP-HAIRCUT",
                "listAmountFen", amount, "quantity", 1, "meal", false, "delivered", false);
    }

    private EventEnvelope complete(UUID order, UUID elder, long amount, long subsidy, long selfPay) {
        return EventProbe.publish("eldercare.workorder.events", "workorder-service", new WorkOrderCompleted(order,
                elder, UUID.randomUUID(), "HP-HAIRCUT", "HUANGPI-2020", "PER_TIME", amount, 1, amount, subsidy,
                selfPay, LocalDate.now(clock), Instant.now(), "TEST"));
    }

    private void assertLedgerBalances(UUID elder) {
        List<Map<String, Object>> entries = http.get().uri("/wallets/{elder}/ledger", elder)
                .headers(h -> h.setBearerAuth(operatorOf(elder))).retrieve()
                .body(new ParameterizedTypeReference<>() { });
        assertThat(entries.stream().mapToLong(e -> asLong(e.get("amountFen"))).sum()).isZero();
        long available = entries.stream().filter(e -> "AVAILABLE".equals(e.get("account")))
                .mapToLong(e -> asLong(e.get("amountFen"))).sum();
        assertThat(available).isEqualTo(asLong(wallet(elder).getBody().get("availableFen")));
    }

    private ResponseEntity<Map<String, Object>> hold(UUID order, UUID elder, long amount) {
        return http.post().uri("/holds").contentType(MediaType.APPLICATION_JSON).headers(h -> h.setBearerAuth(SERVICE))
                .body(order(order, elder, amount, startOf(elder))).retrieve()
                .toEntity(new ParameterizedTypeReference<>() { });
    }

    private ResponseEntity<Map<String, Object>> wallet(UUID elder) {
        return wallet(elder, operatorOf(elder));
    }

    /** The call centre of the wallet's region: an operator sees only its own region's wallets. */
    private String operatorOf(UUID elder) {
        boolean jiayuguan = jdbc.sql("SELECT policy_code FROM wallet WHERE elder_id = ?").param(elder)
                .query(String.class).optional().filter(code -> code.startsWith("JIAYUGUAN")).isPresent();
        return jiayuguan ? JIAYUGUAN_OPERATOR : OPERATOR;
    }

    private ResponseEntity<Map<String, Object>> wallet(UUID elder, String token) {
        return http.get().uri("/wallets/{elder}", elder).headers(h -> h.setBearerAuth(token)).retrieve()
                .toEntity(new ParameterizedTypeReference<>() { });
    }

    private static long asLong(Object number) {
        return ((Number) number).longValue();
    }
}
