package io.eldercare.workorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import io.eldercare.events.ApplicationApproved;
import io.eldercare.events.EventEnvelope;
import io.eldercare.events.WorkOrderCompleted;
import io.eldercare.testsupport.EventProbe;
import io.eldercare.testsupport.ServiceTest;
import io.eldercare.testsupport.Contracts;
import io.eldercare.testsupport.StubHttpServer;
import io.eldercare.testsupport.TestAuthority;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

/**
 * The order lifecycle against a real database and broker. Catalog and wallet answer from a small HTTP server here
 * (their own rules are tested in their modules, and all together in the system tests).
 */
@ServiceTest
class OrderLifecycleTest {

    private static final AtomicInteger HOLDS = new AtomicInteger();
    private static final AtomicBoolean WALLET_DOWN = new AtomicBoolean();
    private static final UUID UNCONTRACTED = UUID.randomUUID();
    private static final java.util.concurrent.atomic.AtomicReference<String> LAST_HOLD =
            new java.util.concurrent.atomic.AtomicReference<>();
    private static final java.util.concurrent.atomic.AtomicReference<String> LAST_QUOTE =
            new java.util.concurrent.atomic.AtomicReference<>();
    private static final StubHttpServer PEERS = peers();
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    java.time.Clock clock;
    RestClient http;

    private static StubHttpServer peers() {
        return StubHttpServer.start().handle("/quotes", exchange -> {
                String query = exchange.getRequestURI().getQuery();
                LAST_QUOTE.set(query);
                if (query.contains("item=JYG-LUNCH-DELIVERY")) {
                    // the catalog's answer, with a cut-off at midnight: today's lunch is always too late here
                    respond(exchange, 200, "application/json",
                            Contracts.response("catalog-quote-JYG-LUNCH-DELIVERY")
                                    .replace("\"10:00:00\"", "\"00:00:00\""));
                    return;
                }
                if (!query.contains("item=HP-HAIRCUT")) {
                    respond(exchange, 404, "application/problem+json", """
                            {"type":"https://eldercare.io/problems/not-found","title":"Service item not found",
                             "status":404,"detail":"Service item HP-MASSAGE of HUANGPI-2020 does not exist"}""");
                    return;
                }
                int quantity = Integer.parseInt(param(query, "quantity"));
                // the catalog's answer for one haircut, for the quantity asked
                respond(exchange, 200, "application/json", Contracts.response("catalog-quote-HP-HAIRCUT")
                        .replace("\"quantity\":1,", "\"quantity\":" + quantity + ",")
                        .replace("\"amountFen\":2000,", "\"amountFen\":" + 2000 * quantity + ","));
            }).handle("/providers", exchange -> {
                // the catalog's answer: every provider serves, except the one whose contract does not
                boolean serves = !exchange.getRequestURI().getPath().contains(UNCONTRACTED.toString());
                respond(exchange, 200, "application/json", serves ? Contracts.response("catalog-provider-serves")
                        : "{\"serves\":false,\"reasons\":[\"no contract of HUANGPI-2020 running on 2026-11-20"
                                + " names HP-HAIRCUT in HP-QIANCHUAN-01\"]}");
            }).handle("/holds", exchange -> {
                if (WALLET_DOWN.get()) {
                    respond(exchange, 503, "text/plain", "down");
                    return;
                }
                HOLDS.incrementAndGet();
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                LAST_HOLD.set(body);
                if (!"0".equals(jsonField(body, "deliveryFeeFen"))) {
                    // the wallet's answer for a Jiayuguan delivered lunch with an empty wallet
                    respond(exchange, 200, "application/json", """
                            {"orderId":"%s","listAmountFen":1500,"discountFen":180,"amountFen":1320,"subsidyFen":0,
                             "selfPayFen":1320,"status":"HELD"}""".formatted(jsonField(body, "orderId")));
                    return;
                }
                long amount = Long.parseLong(jsonField(body, "amountFen"));
                long subsidy = Math.min(amount, 5000);
                respond(exchange, 200, "application/json", """
                        {"orderId":"%s","listAmountFen":%d,"discountFen":0,"amountFen":%d,"subsidyFen":%d,
                         "selfPayFen":%d,"status":"HELD"}"""
                        .formatted(jsonField(body, "orderId"), amount, amount, subsidy, amount - subsidy));
            });
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        StubHttpServer.respond(exchange, status, type, body);
    }

    private static String param(String query, String name) {
        Matcher m = Pattern.compile("(^|&)" + name + "=([^&]*)").matcher(query);
        return m.find() ? m.group(2) : null;
    }

    private static String jsonField(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"?([^\",}]*)").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    @DynamicPropertySource
    static void peerAddresses(DynamicPropertyRegistry registry) {
        String url = PEERS.url();
        registry.add("eldercare.clients.catalog-service.url", () -> url);
        registry.add("eldercare.clients.wallet-service.url", () -> url);
    }

    private static final String OPERATOR = TestAuthority.get().token("OPERATOR");
    private static final UUID PROVIDER = UUID.randomUUID();
    private static final String PROVIDER_ADMIN = TestAuthority.get().token("provider.admin",
            Map.of("role", "PROVIDER_ADMIN", "provider", PROVIDER));

    @BeforeEach
    void client() {
        WALLET_DOWN.set(false);
        http = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { })
                .defaultHeaders(h -> h.setBearerAuth(OPERATOR)).build();
    }

    @Test
    void aProviderSeesOnlyItsOwnOrdersAndAnElderOnlyTheirs() {
        UUID elder = approvedElder();
        String orderId = (String) place(elder, PROVIDER, 1, null).getBody().get("id");
        String otherProvider = TestAuthority.get().token("p2", Map.of("role", "PROVIDER_ADMIN",
                "provider", UUID.randomUUID()));
        String self = TestAuthority.get().token("e", Map.of("role", "ELDER", "elder", elder));
        String otherElder = TestAuthority.get().token("e2", Map.of("role", "ELDER", "elder", UUID.randomUUID()));
        String caregiver = TestAuthority.get().token("c", Map.of("role", "CAREGIVER", "provider", PROVIDER));

        assertThat(get("/orders/" + orderId, PROVIDER_ADMIN).getStatusCode().value()).isEqualTo(200);
        assertThat(get("/orders/" + orderId, self).getStatusCode().value()).isEqualTo(200);
        assertThat(get("/orders/" + orderId, otherProvider).getStatusCode().value()).isEqualTo(404);
        assertThat(get("/orders/" + orderId, otherElder).getStatusCode().value()).isEqualTo(404);
        assertThat(get("/orders/" + orderId, caregiver).getStatusCode().value()).isEqualTo(404);
        assertThat(post("/orders/" + orderId + "/complete", Map.of("verification", "FACE"), otherProvider)
                .getStatusCode().value()).isEqualTo(404);
        assertThat(get("/orders/" + orderId, OPERATOR).getBody()).containsEntry("status", "CREATED");
    }

    @Test
    void anElderOrdersOnlyForThemselvesAndAProviderCannotOrder() {
        UUID elder = approvedElder();
        String otherElder = TestAuthority.get().token("e2", Map.of("role", "ELDER", "elder", UUID.randomUUID()));

        ResponseEntity<Map<String, Object>> forSomeoneElse = http.post().uri("/orders")
                .contentType(MediaType.APPLICATION_JSON).headers(h -> h.setBearerAuth(otherElder))
                .body(Map.of("elderId", elder, "providerId", PROVIDER, "itemCode", "HP-HAIRCUT", "quantity", 1))
                .retrieve().toEntity(new ParameterizedTypeReference<>() { });
        ResponseEntity<Map<String, Object>> byProvider = http.post().uri("/orders")
                .contentType(MediaType.APPLICATION_JSON).headers(h -> h.setBearerAuth(PROVIDER_ADMIN))
                .body(Map.of("elderId", elder, "providerId", PROVIDER, "itemCode", "HP-HAIRCUT", "quantity", 1))
                .retrieve().toEntity(new ParameterizedTypeReference<>() { });

        assertThat(forSomeoneElse.getStatusCode().value()).isEqualTo(404);
        assertThat(byProvider.getStatusCode().value()).isEqualTo(403);
        assertThat(ordersOf(elder)).isZero();
    }

    @Test
    void anOrderIsPricedHeldAndItsCompletionCarriesTheAmountsAndHowItWasVerified() {
        UUID elder = approvedElder();
        UUID provider = UUID.randomUUID();

        ResponseEntity<Map<String, Object>> placed = place(elder, PROVIDER, 3, null);

        assertThat(placed.getStatusCode().value()).isEqualTo(201);
        assertThat(placed.getBody()).containsEntry("amountFen", 6000).containsEntry("subsidyFen", 5000)
                .containsEntry("selfPayFen", 1000).containsEntry("status", "CREATED");
        String orderId = (String) placed.getBody().get("id");

        Map<String, Object> completed = post("/orders/" + orderId + "/complete",
                Map.of("verification", "FACE"), PROVIDER_ADMIN).getBody();
        assertThat(completed).containsEntry("status", "COMPLETED");

        await().atMost(PATIENCE).untilAsserted(() -> {
            List<EventEnvelope> events = EventProbe.readAll("eldercare.workorder.events", Duration.ofSeconds(1));
            assertThat(events).filteredOn(e -> e.aggregateId().equals(elder.toString()))
                    .extracting(EventEnvelope::type, EventEnvelope::sequence)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("WorkOrderCreated", 1L),
                            org.assertj.core.groups.Tuple.tuple("WorkOrderCompleted", 2L));
            WorkOrderCompleted payload = (WorkOrderCompleted) EventProbe.payload(events.stream()
                    .filter(e -> e.type().equals("WorkOrderCompleted") && e.aggregateId().equals(elder.toString()))
                    .findFirst().orElseThrow());
            assertThat(payload.orderId()).isEqualTo(UUID.fromString(orderId));
            assertThat(payload.providerId()).isEqualTo(PROVIDER);
            assertThat(payload.unitPriceFen()).isEqualTo(2000);
            assertThat(payload.quantity()).isEqualTo(3);
            assertThat(payload.subsidyFen()).isEqualTo(5000);
            assertThat(payload.selfPayFen()).isEqualTo(1000);
            assertThat(payload.verification()).isEqualTo("FACE");
        });
    }

    @Test
    void anOrderAsksForTheElderCategorysQuoteAndHoldsUnderThePacksCapsDiscountAndFee() {
        UUID elder = approvedElder("JIAYUGUAN-2024", "JYG-RESIDENT");
        LocalDate tomorrow = LocalDate.now(clock).plusDays(1);

        ResponseEntity<Map<String, Object>> placed = lunch(elder, tomorrow);

        assertThat(placed.getStatusCode().value()).isEqualTo(201);
        assertThat(LAST_QUOTE.get()).contains("policy=JIAYUGUAN-2024", "category=JYG-RESIDENT", "date=" + tomorrow);
        assertThat(LAST_HOLD.get()).contains("\"selfPayDiscountBps\":1500", "\"perOrderCapFen\":5000",
                "\"perDayCapFen\":10000", "\"deliveryFeeFen\":300", "\"serviceDate\":\"" + tomorrow + "\"",
                "\"meal\":true", "\"subsidisedMealsPerDay\":1");
        assertThat(placed.getBody()).containsEntry("listAmountFen", 1500).containsEntry("discountFen", 180)
                .containsEntry("amountFen", 1320).containsEntry("selfPayFen", 1320).containsEntry("subsidyFen", 0);
    }

    @Test
    void aLoveLunchNotAppliedForOnItsDayIsForfeitedAndTodaysClosesAtTheCutOff() {
        UUID elder = approvedElder("JIAYUGUAN-2024", "JYG-RESIDENT");
        int holdsBefore = HOLDS.get();

        ResponseEntity<Map<String, Object>> yesterday = lunch(elder, LocalDate.now(clock).minusDays(1));
        ResponseEntity<Map<String, Object>> today = lunch(elder, LocalDate.now(clock));

        assertThat(yesterday.getStatusCode().value()).isEqualTo(422);
        assertThat(yesterday.getBody()).containsEntry("type", "https://eldercare.io/problems/meal-forfeited");
        assertThat(today.getStatusCode().value()).isEqualTo(422);
        assertThat(today.getBody()).containsEntry("type", "https://eldercare.io/problems/meal-order-closed");
        assertThat(HOLDS.get()).isEqualTo(holdsBefore);
        assertThat(ordersOf(elder)).isZero();
    }

    private ResponseEntity<Map<String, Object>> lunch(UUID elder, LocalDate day) {
        return http.post().uri("/orders").contentType(MediaType.APPLICATION_JSON).body(Map.of("elderId", elder,
                "providerId", PROVIDER, "itemCode", "JYG-LUNCH-DELIVERY", "quantity", 1, "serviceDate", day.toString()))
                .retrieve().toEntity(new ParameterizedTypeReference<>() { });
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
    void theSameIdempotencyKeyPlacesOneOrderAndHoldsOnce() {
        UUID elder = approvedElder();
        UUID provider = UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        int holdsBefore = HOLDS.get();

        ResponseEntity<Map<String, Object>> first = place(elder, provider, 1, key);
        ResponseEntity<Map<String, Object>> second = place(elder, provider, 1, key);

        assertThat(first.getStatusCode().value()).isEqualTo(201);
        assertThat(second.getStatusCode().value()).isEqualTo(200);
        assertThat(second.getBody().get("id")).isEqualTo(first.getBody().get("id"));
        assertThat(HOLDS.get() - holdsBefore).isEqualTo(1);
    }

    @Test
    void anElderWithoutAnApprovedApplicationCannotOrderSubsidisedCare() {
        ResponseEntity<Map<String, Object>> response = place(UUID.randomUUID(), UUID.randomUUID(), 1, null);

        assertThat(response.getStatusCode().value()).isEqualTo(422);
        assertThat(response.getBody()).containsEntry("type", "https://eldercare.io/problems/elder-not-approved");
    }

    @Test
    void anOrderIsCompletedOnceAndCannotBeCancelledAfterwards() {
        String orderId = (String) place(approvedElder(), UUID.randomUUID(), 1, null).getBody().get("id");
        post("/orders/" + orderId + "/complete", Map.of("verification", "FINGERPRINT"));

        ResponseEntity<Map<String, Object>> again = post("/orders/" + orderId + "/complete",
                Map.of("verification", "FACE"));
        ResponseEntity<Map<String, Object>> cancel = post("/orders/" + orderId + "/cancel",
                Map.of("reason", "changed my mind"));

        assertThat(again.getStatusCode().value()).isEqualTo(409);
        assertThat(cancel.getStatusCode().value()).isEqualTo(409);
        assertThat(cancel.getBody()).containsEntry("type", "https://eldercare.io/problems/order-not-open");
    }

    @Test
    void theCatalogsRefusalIsPassedOnInItsOwnWordsAndNothingIsStored() {
        UUID elder = approvedElder();
        ResponseEntity<Map<String, Object>> response = post("/orders", Map.of("elderId", elder,
                "providerId", UUID.randomUUID(), "itemCode", "HP-MASSAGE", "quantity", 1));

        assertThat(response.getStatusCode().value()).isEqualTo(404);
        assertThat(response.getBody().get("detail")).asString().contains("HP-MASSAGE");
        assertThat(ordersOf(elder)).isZero();
    }

    @Test
    void whenTheWalletIsDownTheOrderIsRefusedAsUnavailableAndNothingIsStored() {
        UUID elder = approvedElder();
        WALLET_DOWN.set(true);

        ResponseEntity<Map<String, Object>> response = place(elder, UUID.randomUUID(), 1, null);

        assertThat(response.getStatusCode().value()).isEqualTo(503);
        assertThat(response.getBody()).containsEntry("type", "https://eldercare.io/problems/dependency-unavailable");
        assertThat(ordersOf(elder)).isZero();
    }

    @Test
    void zeroUnitsAreRefusedWithTheRuleInTheMessage() {
        UUID elder = approvedElder();

        ResponseEntity<Map<String, Object>> response = place(elder, UUID.randomUUID(), 0, "zero-" + elder);

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

    private UUID approvedElder() {
        return approvedElder("HUANGPI-2020", "HP-DIBAO");
    }

    private UUID approvedElder(String policy, String category) {
        UUID elder = UUID.randomUUID();
        EventProbe.publish("eldercare.eligibility.events", "eligibility-service", new ApplicationApproved(
                UUID.randomUUID(), elder, policy, category, "HP-QIANCHUAN-01", LocalDate.of(2020, 5, 1),
                Instant.now()));
        await().atMost(PATIENCE).until(() -> jdbc.sql("SELECT count(*) FROM elder WHERE elder_id = ?")
                .param(elder).query(Long.class).single() == 1);
        return elder;
    }

    private long ordersOf(UUID elder) {
        return jdbc.sql("SELECT count(*) FROM work_order WHERE elder_id = ?").param(elder).query(Long.class)
                .single();
    }

    private ResponseEntity<Map<String, Object>> place(UUID elder, UUID provider, int quantity, String key) {
        RestClient.RequestBodySpec request = http.post().uri("/orders").contentType(MediaType.APPLICATION_JSON);
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request.body(Map.of("elderId", elder, "providerId", provider, "itemCode", "HP-HAIRCUT",
                "quantity", quantity)).retrieve().toEntity(new ParameterizedTypeReference<>() { });
    }

    private ResponseEntity<Map<String, Object>> post(String uri, Object body) {
        return http.post().uri(uri).contentType(MediaType.APPLICATION_JSON).body(body).retrieve()
                .toEntity(new ParameterizedTypeReference<>() { });
    }

    private ResponseEntity<Map<String, Object>> post(String uri, Object body, String token) {
        return http.post().uri(uri).contentType(MediaType.APPLICATION_JSON).headers(h -> h.setBearerAuth(token))
                .body(body).retrieve().toEntity(new ParameterizedTypeReference<>() { });
    }

    private ResponseEntity<Map<String, Object>> get(String uri, String token) {
        return http.get().uri(uri).headers(h -> h.setBearerAuth(token)).retrieve()
                .toEntity(new ParameterizedTypeReference<>() { });
    }
}
