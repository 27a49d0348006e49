package io.eldercare.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.eldercare.events.EventEnvelope;
import io.eldercare.events.FundsCaptured;
import io.eldercare.events.WorkOrderCompleted;
import io.eldercare.platform.domain.Refusal;
import io.eldercare.settlement.statement.MonthClose;
import io.eldercare.settlement.statement.MonthCloseJob;
import io.eldercare.testsupport.Contracts;
import io.eldercare.testsupport.EventProbe;
import io.eldercare.testsupport.ServiceTest;
import io.eldercare.testsupport.TestAuthority;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;

@ServiceTest
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class MonthCloseTest {

    static {
        // the packs reach the service as the catalog's events (published here in its name): a line's region
        Contracts.publishEvents("catalog-facts", "eldercare.catalog.events", "catalog-service");
    }

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /** The pack an order was served under, with one of its items. */
    private record Pack(String policyCode, String itemCode, String unit) {
    }

    private static final Pack HUANGPI = new Pack("HUANGPI-2020", "HP-BATH", "PER_TIME");
    private static final Pack JIAYUGUAN = new Pack("JIAYUGUAN-2024", "JYG-LUNCH-DELIVERY", "PER_MEAL");

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Clock clock;
    @Autowired
    MonthCloseJob job;
    @Autowired
    MonthClose monthClose;
    @Autowired
    io.eldercare.platform.messaging.Outbox outbox;
    @Autowired
    org.springframework.transaction.support.TransactionTemplate transaction;
    RestClient http;

    private static final String ADMIN = TestAuthority.get().token("DISTRICT_ADMIN");

    @BeforeEach
    void client() {
        http = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { })
                .defaultHeaders(h -> h.setBearerAuth(ADMIN)).build();
    }

    @Test
    void aProviderSeesOnlyItsOwnStatementsAndCannotCloseAMonth() {
        YearMonth month = nextToClose();
        UUID provider = UUID.randomUUID();
        complete(provider, month, 2000, 2000, 0);
        complete(UUID.randomUUID(), month, 1000, 1000, 0);
        await().atMost(PATIENCE).until(() -> linesIn(month) == 2);
        post("/months/" + month + "/close");
        String own = TestAuthority.get().token("p", Map.of("role", "PROVIDER_ADMIN", "provider", provider));

        List<Map<String, Object>> seen = http.get().uri("/statements?month=" + month)
                .headers(h -> h.setBearerAuth(own)).retrieve().body(new ParameterizedTypeReference<>() { });
        int otherProviders = http.get().uri("/statements?month=" + month + "&providerId=" + UUID.randomUUID())
                .headers(h -> h.setBearerAuth(own)).retrieve().toBodilessEntity().getStatusCode().value();
        YearMonth following = month.plusMonths(1);
        int closeByProvider = http.post().uri("/months/" + following + "/close").headers(h -> h.setBearerAuth(own))
                .retrieve().toBodilessEntity().getStatusCode().value();

        assertThat(seen).singleElement().satisfies(s -> assertThat(s).containsEntry("providerId",
                provider.toString()));
        assertThat(otherProviders).isEqualTo(403);
        assertThat(closeByProvider).isEqualTo(403);
        assertThat(jdbc.sql("SELECT count(*) FROM month_close WHERE month = ?").param(following.toString())
                .query(Long.class).single()).isZero();
    }

    @Test
    void closingAMonthIssuesADraftStatementPerProviderWithEveryCompletedOrder() {
        YearMonth month = nextToClose();
        UUID provider = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        complete(provider, month, 2000, 2000, 0);
        complete(provider, month, 6000, 5000, 1000);
        complete(other, month, 1000, 1000, 0);
        await().atMost(PATIENCE).until(() -> linesIn(month) == 3);

        ResponseEntity<Map<String, Object>> closed = post("/months/" + month + "/close");

        assertThat(closed.getStatusCode().value()).isEqualTo(201);
        List<Map<String, Object>> statements = get("/statements?month=" + month + "&providerId=" + provider);
        assertThat(statements).singleElement().satisfies(s -> {
            assertThat(s).containsEntry("status", "DRAFT").containsEntry("lineCount", 2)
                    .containsEntry("amountFen", 8000).containsEntry("subsidyFen", 7000)
                    .containsEntry("selfPayFen", 1000);
            assertThat((List<?>) s.get("lines")).hasSize(2);
        });
        assertThat(get("/statements?month=" + month)).hasSize(2);
    }

    @Test
    void aCompletionIsPaidOnlyOnceTheWalletCapturedItAndForWhatItCaptured() {
        YearMonth month = nextToClose();
        UUID provider = UUID.randomUUID();
        UUID notCaptured = completeWithoutCapture(provider, month, 2000, 2000, 0);
        UUID lessCaptured = completeWithoutCapture(provider, month, 3000, 3000, 0);
        // the capture may come first: a shorter visit than held, 20.00 of 30.00 (as a wallet still on v1 says it)
        EventProbe.publish("eldercare.wallet.events", "wallet-service", new io.eldercare.events.FundsCapturedV1(
                UUID.randomUUID(), UUID.randomUUID(), lessCaptured, 2000, 0, 0));

        await().atMost(PATIENCE).until(() -> jdbc.sql("SELECT count(*) FROM statement_line WHERE order_id = ?")
                .param(lessCaptured).query(Long.class).single() == 1);
        assertThat(jdbc.sql("SELECT amount_fen FROM statement_line WHERE order_id = ?").param(lessCaptured)
                .query(Long.class).single()).isEqualTo(2000);
        assertThat(jdbc.sql("SELECT count(*) FROM statement_line WHERE order_id = ?").param(notCaptured)
                .query(Long.class).single()).isZero();
        assertThat(post("/months/" + month + "/close").getStatusCode().value()).isEqualTo(201);
        assertThat(get("/statements?month=" + month + "&providerId=" + provider)).singleElement()
                .satisfies(st -> assertThat(st).containsEntry("lineCount", 1).containsEntry("amountFen", 2000));
    }

    @Test
    void aMonthIsClosedExactlyOnceHoweverManyInstancesTry() throws Exception {
        YearMonth month = nextToClose();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Callable<Integer>> attempts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            attempts.add(() -> post("/months/" + month + "/close").getStatusCode().value());
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : pool.invokeAll(attempts)) {
            statuses.add(f.get());
        }
        pool.shutdown();

        assertThat(statuses).containsOnlyOnce(201).containsOnly(201, 409);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(monthClosedEvents(month)).hasSize(1));
    }

    @Test
    @org.junit.jupiter.api.Order(Integer.MAX_VALUE)
    void theSchedulerClosesEveryMonthThatEndedWhileItWasDownOnceAndInOrder() {
        YearMonth from = nextToClose();
        YearMonth lastMonth = YearMonth.now(clock).minusMonths(1);

        int closed = job.closeEndedMonths(true);
        int again = job.closeEndedMonths(true);

        assertThat(closed).isEqualTo(from.until(lastMonth, java.time.temporal.ChronoUnit.MONTHS) + 1);
        assertThat(again).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM month_close WHERE month = ?").param(lastMonth.toString())
                .query(Long.class).single()).isEqualTo(1);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(monthClosedEvents(lastMonth)).hasSize(1));
        assertThat(post("/months/" + YearMonth.now(clock) + "/close").getStatusCode().value()).isEqualTo(422);
    }

    @Test
    void monthsCloseInOrderNoneSkippedAndNoneBackwards() {
        if (monthClose.nextToClose() == null) {
            post("/months/" + nextToClose() + "/close"); // the first close may be any ended month
        }
        YearMonth next = nextToClose();

        ResponseEntity<Map<String, Object>> skipping = post("/months/" + next.plusMonths(1) + "/close");
        assertThat(skipping.getStatusCode().value()).isEqualTo(422);
        assertThat(skipping.getBody()).containsEntry("type", "https://eldercare.io/problems/month-out-of-order");
        assertThat(skipping.getBody().get("detail")).asString().contains("The next month to close is " + next);

        assertThat(post("/months/" + next + "/close").getStatusCode().value()).isEqualTo(201);
        ResponseEntity<Map<String, Object>> backwards = post("/months/" + next.minusMonths(6) + "/close");
        assertThat(backwards.getStatusCode().value()).isIn(409, 422);
        assertThat(jdbc.sql("SELECT count(*) FROM month_close WHERE month = ?").param(next.plusMonths(1).toString())
                .query(Long.class).single()).isZero();
    }

    @Test
    void withAGoLiveMonthNothingBeforeItIsClosedAndItIsTheFirst() {
        // an empty calendar, as on the day the platform goes live (rolled back afterwards)
        MonthClose fresh = new MonthClose(jdbc, outbox, clock, YearMonth.of(2020, 1));
        transaction.executeWithoutResult(status -> {
            status.setRollbackOnly();
            jdbc.sql("DELETE FROM statement_line").update();
            jdbc.sql("DELETE FROM statement").update();
            jdbc.sql("DELETE FROM month_close").update();

            assertThat(fresh.nextToClose()).isEqualTo(YearMonth.of(2020, 1));
            assertThatThrownBy(() -> fresh.close(YearMonth.of(2019, 12), "admin"))
                    .isInstanceOf(Refusal.class)
                    .hasMessageContaining("settles from 2020-01");
            assertThatThrownBy(() -> fresh.close(YearMonth.of(2020, 2), "admin"))
                    .hasMessageContaining("The next month to close is 2020-01");
            assertThat(fresh.close(YearMonth.of(2020, 1), "admin").month()).isEqualTo(YearMonth.of(2020, 1));
            assertThat(fresh.nextToClose()).isEqualTo(YearMonth.of(2020, 2));
        });
    }

    @Test
    void aMonthStillRunningShowsEachProviderItsStatementSoFarWithoutIssuingOne() {
        YearMonth running = YearMonth.now(clock);
        UUID provider = UUID.randomUUID();
        complete(provider, running, 2000, 2000, 0);
        complete(provider, running, 6000, 5000, 1000);
        await().atMost(PATIENCE).until(() -> jdbc.sql("SELECT count(*) FROM statement_line WHERE provider_id = ?")
                .param(provider).query(Long.class).single() == 2);

        List<Map<String, Object>> soFar = get("/statements?month=" + running + "&providerId=" + provider);

        assertThat(soFar).singleElement().satisfies(s -> {
            assertThat(s).containsEntry("status", "RUNNING").containsEntry("lineCount", 2)
                    .containsEntry("amountFen", 8000).containsEntry("subsidyFen", 7000);
            assertThat(s.get("id")).as("no statement is issued before the close").isNull();
            assertThat((List<?>) s.get("lines")).hasSize(2);
        });
        assertThat(jdbc.sql("SELECT count(*) FROM statement WHERE provider_id = ?").param(provider)
                .query(Long.class).single()).isZero();
    }

    @Test
    void aMonthEndsAtMidnightAsiaShanghaiAndNotAMillisecondBefore() {
        YearMonth month = nextToClose();
        java.time.ZoneId shanghai = java.time.ZoneId.of("Asia/Shanghai");
        Instant midnight = month.plusMonths(1).atDay(1).atStartOfDay(shanghai).toInstant();
        MonthClose atLastMillisecond = new MonthClose(jdbc, outbox, Clock.fixed(midnight.minusMillis(1), shanghai),
                null);
        MonthClose atMidnight = new MonthClose(jdbc, outbox, Clock.fixed(midnight, shanghai), null);

        assertThatThrownBy(() -> transaction.execute(status -> atLastMillisecond.close(month, "test")))
                .isInstanceOfSatisfying(Refusal.class,
                        e -> assertThat(e.problem()).isEqualTo("month-not-over"));
        assertThat(transaction.execute(status -> atMidnight.close(month, "test")).month()).isEqualTo(month);
    }

    @Test
    void aProviderTokenWithoutItsProviderClaimSeesNoStatementAtAll() {
        String noProvider = TestAuthority.get().token("p", Map.of("role", "PROVIDER_ADMIN"));

        ResponseEntity<Map<String, Object>> response = http.get().uri("/statements?month=" + YearMonth.now(clock))
                .headers(h -> h.setBearerAuth(noProvider)).retrieve()
                .toEntity(new ParameterizedTypeReference<>() { });

        assertThat(response.getStatusCode().value()).isEqualTo(403);
        assertThat(response.getBody()).containsEntry("type", "https://eldercare.io/problems/scope-claim-missing");
    }

    @Test
    void aHuangpiAuditorNeverSeesAJiayuguanStatementLine() {
        YearMonth running = YearMonth.now(clock);
        UUID provider = UUID.randomUUID(); // contracted in both regions
        UUID huangpiOrder = complete(provider, running, HUANGPI, 2000, 2000, 0);
        UUID jiayuguanOrder = complete(provider, running, JIAYUGUAN, 1500, 0, 1500);
        await().atMost(PATIENCE).until(() -> linesOf(provider) == 2);
        String huangpiAuditor = TestAuthority.get().token("AUDITOR");
        String jiayuguanAuditor = TestAuthority.get().token("auditor.jiayuguan", Map.of("role", "AUDITOR",
                "region", "JIAYUGUAN"));

        List<Map<String, Object>> inHuangpi = get("/statements?month=" + running + "&providerId=" + provider,
                huangpiAuditor);
        List<Map<String, Object>> inJiayuguan = get("/statements?month=" + running + "&providerId=" + provider,
                jiayuguanAuditor);

        assertThat(inHuangpi).singleElement().satisfies(s -> {
            assertThat(s).containsEntry("region", "HUANGPI").containsEntry("lineCount", 1)
                    .containsEntry("amountFen", 2000);
            assertThat(orderIds(s)).containsExactly(huangpiOrder.toString());
        });
        assertThat(inJiayuguan).as("its own region's line, still seen by its own region").singleElement()
                .satisfies(s -> {
                    assertThat(s).containsEntry("region", "JIAYUGUAN").containsEntry("lineCount", 1)
                            .containsEntry("amountFen", 1500);
                    assertThat(orderIds(s)).containsExactly(jiayuguanOrder.toString());
                });
    }

    @Test
    void oneCloseIssuesAStatementPerRegionAndEachBureauSeesOnlyItsOwn() {
        YearMonth month = nextToClose();
        UUID provider = UUID.randomUUID(); // contracted in both regions: each bureau settles its own
        complete(provider, month, HUANGPI, 2000, 2000, 0);
        complete(provider, month, HUANGPI, 6000, 5000, 1000);
        UUID jiayuguanOrder = complete(provider, month, JIAYUGUAN, 1500, 0, 1500);
        await().atMost(PATIENCE).until(() -> linesOf(provider) == 3);
        String jiayuguanAdmin = TestAuthority.get().token("admin.jiayuguan", Map.of("role", "DISTRICT_ADMIN",
                "region", "JIAYUGUAN"));

        // the calendar is one: a close by the Huangpi bureau issues both regions' statements
        assertThat(post("/months/" + month + "/close").getStatusCode().value()).isEqualTo(201);
        List<Map<String, Object>> huangpi = get("/statements?month=" + month + "&providerId=" + provider, ADMIN);
        List<Map<String, Object>> jiayuguan = get("/statements?month=" + month + "&providerId=" + provider,
                jiayuguanAdmin);

        assertThat(jdbc.sql("SELECT region FROM statement WHERE provider_id = ? ORDER BY region").param(provider)
                .query(String.class).list()).containsExactly("HUANGPI", "JIAYUGUAN");
        assertThat(huangpi).singleElement().satisfies(s -> {
            assertThat(s).containsEntry("status", "DRAFT").containsEntry("region", "HUANGPI")
                    .containsEntry("lineCount", 2).containsEntry("amountFen", 8000);
            assertThat(orderIds(s)).hasSize(2).doesNotContain(jiayuguanOrder.toString());
        });
        assertThat(jiayuguan).singleElement().satisfies(s -> {
            assertThat(s).containsEntry("status", "DRAFT").containsEntry("region", "JIAYUGUAN")
                    .containsEntry("lineCount", 1).containsEntry("selfPayFen", 1500);
            assertThat(orderIds(s)).containsExactly(jiayuguanOrder.toString());
        });
    }

    @Test
    void aProviderSeesItsStatementOfEveryRegionButOnlyItsRegionsWhenItsTokenCarriesOne() {
        YearMonth running = YearMonth.now(clock);
        UUID provider = UUID.randomUUID();
        complete(provider, running, HUANGPI, 2000, 2000, 0);
        complete(provider, running, JIAYUGUAN, 1500, 0, 1500);
        await().atMost(PATIENCE).until(() -> linesOf(provider) == 2);
        String everywhere = TestAuthority.get().token("p", Map.of("role", "PROVIDER_ADMIN", "provider", provider));
        String inJiayuguan = TestAuthority.get().token("p.jyg", Map.of("role", "PROVIDER_ADMIN", "provider",
                provider, "region", "JIAYUGUAN"));

        assertThat(get("/statements?month=" + running, everywhere)).extracting(s -> s.get("region"))
                .containsExactly("HUANGPI", "JIAYUGUAN");
        assertThat(get("/statements?month=" + running, inJiayuguan)).extracting(s -> s.get("region"))
                .containsExactly("JIAYUGUAN");
    }

    @Test
    void aMonthStillRunningCannotBeClosed() {
        ResponseEntity<Map<String, Object>> response = post("/months/" + YearMonth.now(clock) + "/close");

        assertThat(response.getStatusCode().value()).isEqualTo(422);
        assertThat(response.getBody()).containsEntry("type", "https://eldercare.io/problems/month-not-over");
    }

    @Test
    @org.junit.jupiter.api.Order(Integer.MAX_VALUE - 1) // its late line lands in the next month: run it late
    void anOrderCompletedAfterItsMonthClosedIsSettledInTheNextOpenMonth() {
        YearMonth month = nextToClose();
        post("/months/" + month + "/close");
        UUID provider = UUID.randomUUID();

        UUID order = complete(provider, month, 2000, 2000, 0);

        await().atMost(PATIENCE).until(() -> jdbc.sql("SELECT count(*) FROM statement_line WHERE order_id = ?")
                .param(order).query(Long.class).single() == 1);
        assertThat(jdbc.sql("SELECT month FROM statement_line WHERE order_id = ?").param(order).query(String.class)
                .single()).isEqualTo(month.plusMonths(1).toString());
    }

    @Test
    void aMonthThatIsNotAMonthIsRefused() {
        assertThat(post("/months/November/close").getStatusCode().value()).isEqualTo(400);
    }

    /** The month the calendar closes next; the first test to close starts the chain in January 2025. */
    private YearMonth nextToClose() {
        YearMonth next = monthClose.nextToClose();
        return next == null ? YearMonth.of(2025, 1) : next;
    }

    private List<EventEnvelope> monthClosedEvents(YearMonth month) {
        return EventProbe.readAll("eldercare.settlement.events", Duration.ofSeconds(1)).stream()
                .filter(e -> e.type().equals("MonthClosed") && e.aggregateId().equals(month.toString())).toList();
    }

    private long linesIn(YearMonth month) {
        return jdbc.sql("SELECT count(*) FROM statement_line WHERE month = ?").param(month.toString())
                .query(Long.class).single();
    }

    private long linesOf(UUID provider) {
        return jdbc.sql("SELECT count(*) FROM statement_line WHERE provider_id = ?").param(provider)
                .query(Long.class).single();
    }

    @SuppressWarnings("unchecked")
    private static List<String> orderIds(Map<String, Object> statement) {
        return ((List<Map<String, Object>>) statement.get("lines")).stream().map(l -> (String) l.get("orderId"))
                .toList();
    }

    /** A completed order and the wallet's capture of it, as dispatch and the wallet publish them. */
    private UUID complete(UUID provider, YearMonth month, long amount, long subsidy, long selfPay) {
        return complete(provider, month, HUANGPI, amount, subsidy, selfPay);
    }

    private UUID complete(UUID provider, YearMonth month, Pack pack, long amount, long subsidy, long selfPay) {
        UUID order = completeWithoutCapture(provider, month, pack, amount, subsidy, selfPay);
        EventProbe.publish("eldercare.wallet.events", "wallet-service", new FundsCaptured(UUID.randomUUID(),
                UUID.randomUUID(), order, subsidy, selfPay, 0, 0));
        return order;
    }

    private UUID completeWithoutCapture(UUID provider, YearMonth month, long amount, long subsidy, long selfPay) {
        return completeWithoutCapture(provider, month, HUANGPI, amount, subsidy, selfPay);
    }

    private UUID completeWithoutCapture(UUID provider, YearMonth month, Pack pack, long amount, long subsidy,
            long selfPay) {
        UUID order = UUID.randomUUID();
        EventProbe.publish("eldercare.workorder.events", "workorder-service", new WorkOrderCompleted(order,
                UUID.randomUUID(), provider, pack.itemCode(), pack.policyCode(), pack.unit(), amount, 1, amount,
                subsidy, selfPay, month.atDay(10), Instant.now(), "FACE"));
        return order;
    }

    private ResponseEntity<Map<String, Object>> post(String uri) {
        return http.post().uri(uri).retrieve().toEntity(new ParameterizedTypeReference<>() { });
    }

    private List<Map<String, Object>> get(String uri) {
        return get(uri, ADMIN);
    }

    private List<Map<String, Object>> get(String uri, String token) {
        return http.get().uri(uri).headers(h -> h.setBearerAuth(token)).retrieve()
                .body(new ParameterizedTypeReference<>() { });
    }
}
