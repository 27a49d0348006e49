package io.eldercare.workorder;

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

/**
 * The order lifecycle against a real database and broker, with no catalog running: packs, prices and contracts
 * reach the service as the catalog's events (published here in its name, as its contract says), and orders are
 * quoted and providers checked from the service's own copies. The wallet answers from a small HTTP server here, as
 * its contract says (its own rules are tested in its module, and everything together in the system tests).
 */
@ServiceTest
class OrderLifecycleTest {

    private static final String CATALOG_TOPIC = "eldercare.catalog.events";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicInteger HOLDS = new AtomicInteger();
    private static final AtomicBoolean WALLET_DOWN = new AtomicBoolean();
    private static final AtomicBoolean WALLET_HANGS = new AtomicBoolean();
    /** The wallet answers WAITING: the order's month is not credited yet. */
    private static final AtomicBoolean WALLET_WAITS = new AtomicBoolean();
    private static final UUID PROVIDER = UUID.randomUUID();
    private static final UUID UNCONTRACTED = UUID.randomUUID();
    /** A Jiayuguan-like pack whose meal orders close at midnight: today's lunch is always too late. */
    private static final String MIDNIGHT = "JIAYUGUAN-MIDNIGHT";
    /** Huangpi's pack with a tighter geofence (50 m), as a bureau may set it. */
    private static final String TIGHT = "HUANGPI-TIGHT";
    private static final AtomicReference<String> LAST_HOLD = new AtomicReference<>();
    private static final StubHttpServer WALLET = wallet();
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    static {
        Contracts.publishEvents("catalog-facts", CATALOG_TOPIC, "catalog-service");
        EventProbe.ensureTopic("eldercare.feedback.events");
        PolicyPublished jiayuguan = Contracts.events("catalog-facts").stream()
                .filter(PolicyPublished.class::isInstance).map(PolicyPublished.class::cast)
                .filter(p -> p.policyCode().equals("JIAYUGUAN-2024")).findFirst().orElseThrow();
        ObjectNode midnight = JSON.valueToTree(jiayuguan);
        midnight.put("policyCode", MIDNIGHT);
        ((ObjectNode) midnight.get("rules")).put("mealOrderCutoff", "00:00:00");
        EventProbe.publish(CATALOG_TOPIC, "catalog-service",
                new EventCodec().readPayload(midnight, PolicyPublished.class));
        EventProbe.publish(CATALOG_TOPIC, "catalog-service", new PriceListPublished(MIDNIGHT,
                LocalDate.of(2024, 4, 23), List.of(new PriceListPublished.Price("JYG-LUNCH-DELIVERY", "MEAL",
                        "PER_MEAL", "OFFLINE", true, 1200)), null));
        contract("HUANGPI-2020", List.of("HP-HAIRCUT", "HP-BATH", "HP-KITCHEN", "HP-MEAL-DINE-IN"),
                "HP-QIANCHUAN-01");
        PolicyPublished huangpi = Contracts.events("catalog-facts").stream()
                .filter(PolicyPublished.class::isInstance).map(PolicyPublished.class::cast)
                .filter(p -> p.policyCode().equals("HUANGPI-2020")).findFirst().orElseThrow();
        ObjectNode tight = JSON.valueToTree(huangpi);
        tight.put("policyCode", TIGHT);
        ((ObjectNode) tight.get("rules")).put("geofenceRadiusMetres", 50);
        EventProbe.publish(CATALOG_TOPIC, "catalog-service", new EventCodec().readPayload(tight,
                PolicyPublished.class));
        EventProbe.publish(CATALOG_TOPIC, "catalog-service", new PriceListPublished(TIGHT, LocalDate.of(2020, 1, 1),
                List.of(new PriceListPublished.Price("HP-HAIRCUT", "CLEANING", "PER_TIME", "OFFLINE", false, 2000)),
                null));
        contract(TIGHT, List.of("HP-HAIRCUT"), "HP-QIANCHUAN-01");
        contract("JIAYUGUAN-2024", List.of("JYG-LUNCH-DELIVERY"), "JYG-XIONGGUAN-01");
        contract(MIDNIGHT, List.of("JYG-LUNCH-DELIVERY"), "JYG-XIONGGUAN-01");
    }

    /** The catalog contracts the test provider for the items in the community, as its event says. */
    private static void contract(String policy, List<String> items, String community) {
        EventProbe.publish(CATALOG_TOPIC, "catalog-service", new ProviderContracted(PROVIDER, UUID.randomUUID(),
                policy, LocalDate.of(2020, 1, 1), LocalDate.of(2099, 12, 31), items, List.of(community)));
    }

    /** The wallet's answers: the contract's for a delivered lunch, else everything up to 50 yuan subsidised. */
    private static StubHttpServer wallet() {
        return StubHttpServer.start().handle("/holds", exchange -> {
            if (WALLET_DOWN.get()) {
                StubHttpServer.respond(exchange, 503, "text/plain", "down");
                return;
            }
            if (WALLET_HANGS.get()) {
                // holds the request (and the stub's thread) until the test is over
                long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (WALLET_HANGS.get() && System.nanoTime() < until) {
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                StubHttpServer.respond(exchange, 503, "text/plain", "gave up");
                return;
            }
            HOLDS.incrementAndGet();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            LAST_HOLD.set(body);
            JsonNode hold = JSON.readTree(body);
            if (WALLET_WAITS.get()) {
                StubHttpServer.respond(exchange, 200, "application/json", """
                        {"orderId":"%s","listAmountFen":%d,"discountFen":0,"amountFen":0,"subsidyFen":0,
                         "selfPayFen":0,"status":"WAITING"}"""
                        .formatted(hold.path("orderId").asString(), hold.path("listAmountFen").asLong()));
                return;
            }
            if (hold.path("delivered").asBoolean()) {
                StubHttpServer.respond(exchange, 200, "application/json", Contracts.response(
                        "wallet-hold-JYG-LUNCH-DELIVERY", Map.of("orderId", hold.path("orderId").asString())));
                return;
            }
            long amount = hold.path("listAmountFen").asLong();
            long subsidy = Math.min(amount, 5000);
            StubHttpServer.respond(exchange, 200, "application/json", """
                    {"orderId":"%s","listAmountFen":%d,"discountFen":0,"amountFen":%d,"subsidyFen":%d,
                     "selfPayFen":%d,"status":"HELD"}"""
                    .formatted(hold.path("orderId").asString(), amount, amount, subsidy, amount - subsidy));
        });
    }

    @DynamicPropertySource
    static void peerAddresses(DynamicPropertyRegistry registry) {
        registry.add("eldercare.clients.wallet-service.url", WALLET::url);
        // matching is driven by the tests that are about it (Matching's own calls), not by the schedule
        registry.add("eldercare.dispatch.automatic", () -> "false");
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    java.time.Clock clock;
    @Autowired
    Quotes quotes;
    @Autowired
    io.eldercare.workorder.order.OrderService orderService;
    RestClient http;

    private static final String OPERATOR = TestAuthority.get().token("OPERATOR");
    private static final String JIAYUGUAN_OPERATOR = TestAuthority.get().token("operator.jiayuguan",
            Map.of("role", "OPERATOR", "region", "JIAYUGUAN"));
    private static final String PROVIDER_ADMIN = TestAuthority.get().token("provider.admin",
            Map.of("role", "PROVIDER_ADMIN", "provider", PROVIDER));

    @org.junit.jupiter.api.AfterEach
    void walletAnswersAgain() {
        WALLET_DOWN.set(false);
        WALLET_HANGS.set(false);
        WALLET_WAITS.set(false);
    }

    @BeforeEach
    void client() {
        await().atMost(PATIENCE).until(() -> jdbc.sql("""
                SELECT count(DISTINCT policy_code) FROM provider_contract_copy WHERE provider_id = ?""")
                .param(PROVIDER).query(Long.class).single() == 4
                && jdbc.sql("SELECT count(DISTINCT policy_code) FROM item_price_copy").query(Long.class).single() == 4
                && jdbc.sql("SELECT count(*) FROM policy_pack_copy").query(Long.class).single() >= 4);
        WALLET_DOWN.set(false);
        WALLET_HANGS.set(false);
        // the JDK's client: Apache's, the default when on the classpath, resends a POST that was answered 503
        http = RestClient.builder().baseUrl("http://localhost:" + port)
                .requestFactory(new org.springframework.http.client.JdkClientHttpRequestFactory())
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
        assertThat(post("/orders/" + orderId + "/dispatch", Map.of("caregiverId", UUID.randomUUID()), otherProvider)
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
    void anOrderIsPricedHeldAndEveryStepOfItsVisitIsAnEventAndItsCompletionCarriesTheAmountsAndHowItWasVerified()
            throws Exception {
        UUID elder = approvedElder();

        ResponseEntity<Map<String, Object>> placed = place(elder, PROVIDER, 3, null);

        assertThat(placed.getStatusCode().value()).isEqualTo(201);
        assertThat(placed.getBody()).containsEntry("amountFen", 6000).containsEntry("subsidyFen", 5000)
                .containsEntry("selfPayFen", 1000).containsEntry("status", "CREATED");
        String orderId = (String) placed.getBody().get("id");

        Map<String, Object> completed = witnessedAndCalledBack(orderId, checkedOutVisit(orderId));
        assertThat(completed).containsEntry("status", "COMPLETED");

        await().atMost(PATIENCE).untilAsserted(() -> {
            List<EventEnvelope> events = EventProbe.readAll("eldercare.workorder.events", Duration.ofSeconds(1));
            assertThat(events).filteredOn(e -> e.aggregateId().equals(elder.toString()))
                    .extracting(EventEnvelope::type, EventEnvelope::sequence)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("WorkOrderCreated", 1L),
                            org.assertj.core.groups.Tuple.tuple("WorkOrderDispatched", 2L),
                            org.assertj.core.groups.Tuple.tuple("WorkOrderAccepted", 3L),
                            org.assertj.core.groups.Tuple.tuple("VisitCheckedIn", 4L),
                            org.assertj.core.groups.Tuple.tuple("VisitCheckedOut", 5L),
                            org.assertj.core.groups.Tuple.tuple("VisitExceptionRaised", 6L),
                            org.assertj.core.groups.Tuple.tuple("VisitConfirmed", 7L),
                            org.assertj.core.groups.Tuple.tuple("VisitExceptionResolved", 8L),
                            org.assertj.core.groups.Tuple.tuple("WorkOrderCompleted", 9L));
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
    void anOrderIsQuotedFromTheLocalCopyAndTheWalletIsAskedWithoutAnyRule() {
        UUID elder = approvedElder("JIAYUGUAN-2024", "JYG-RESIDENT");
        LocalDate tomorrow = LocalDate.now(clock).plusDays(1);

        ResponseEntity<Map<String, Object>> placed = lunch(elder, tomorrow);

        assertThat(placed.getStatusCode().value()).isEqualTo(201);
        // what the wallet's contract says the dispatch service sends: no cap, discount, fee or meal limit
        assertThat(Contracts.bodyMismatches("wallet-hold-JYG-LUNCH-DELIVERY", Map.of("orderId", placed.getBody()
                .get("id"), "elderId", elder), LAST_HOLD.get())).isEmpty();
        assertThat(JSON.readTree(LAST_HOLD.get()).propertyNames()).containsExactlyInAnyOrder("orderId", "elderId",
                "serviceDate", "itemCode", "listAmountFen", "quantity", "category", "meal", "delivered");
        assertThat(placed.getBody()).containsEntry("listAmountFen", 1500).containsEntry("discountFen", 180)
                .containsEntry("amountFen", 1320).containsEntry("selfPayFen", 1320).containsEntry("subsidyFen", 0);
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
    void aLoveLunchNotAppliedForOnItsDayIsForfeitedAndTodaysClosesAtTheCutOff() {
        UUID elder = approvedElder(MIDNIGHT, "JYG-RESIDENT");
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
        return lunch(elder, day, "JYG-LUNCH-DELIVERY");
    }

    private ResponseEntity<Map<String, Object>> lunch(UUID elder, LocalDate day, String item) {
        // Jiayuguan's lunches, placed by Jiayuguan's call centre
        return http.post().uri("/orders").contentType(MediaType.APPLICATION_JSON)
                .headers(h -> h.setBearerAuth(JIAYUGUAN_OPERATOR))
                .header("Idempotency-Key", UUID.randomUUID().toString()).body(Map.of("elderId", elder,
                "providerId", PROVIDER, "itemCode", item, "quantity", 1, "serviceDate", day.toString()))
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
    void aVisitIsNotBegunBeforeItsServiceDay() throws Exception {
        UUID elder = approvedElder();
        String orderId = (String) post("/orders", Map.of("elderId", elder, "providerId", PROVIDER, "itemCode",
                "HP-HAIRCUT", "quantity", 1, "serviceDate", LocalDate.now(clock).plusDays(1).toString()))
                .getBody().get("id");
        doors.setHome(elder, HOME);
        UUID caregiver = qualifiedCaregiver(PROVIDER, LocalDate.now(clock).plusYears(1));
        post("/orders/" + orderId + "/dispatch", Map.of("caregiverId", caregiver), PROVIDER_ADMIN);
        post("/orders/" + orderId + "/accept", Map.of(), caregiverToken(caregiver));

        ResponseEntity<Map<String, Object>> early = atTheDoor(orderId, "check-in", doors.issueCode(elder)
                .orElseThrow(), HOME, photo(), caregiver);

        assertThat(early.getStatusCode().value()).isEqualTo(422);
        assertThat(early.getBody()).containsEntry("type", "https://eldercare.io/problems/not-the-service-day");
        assertThat(get("/orders/" + orderId, OPERATOR).getBody()).containsEntry("status", "ACCEPTED");
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
    void anOrderIsCompletedOnceAndCannotBeCancelledAfterwards() throws Exception {
        String orderId = (String) place(approvedElder(), PROVIDER, 1, null).getBody().get("id");
        UUID caregiver = checkedOutVisit(orderId);
        assertThat(witnessedAndCalledBack(orderId, caregiver)).containsEntry("status", "COMPLETED");

        ResponseEntity<Map<String, Object>> again = witnessed(orderId, caregiver);
        ResponseEntity<Map<String, Object>> cancel = post("/orders/" + orderId + "/cancel",
                Map.of("reason", "changed my mind"));

        assertThat(again.getStatusCode().value()).isEqualTo(409);
        assertThat(cancel.getStatusCode().value()).isEqualTo(409);
        assertThat(cancel.getBody()).containsEntry("type", "https://eldercare.io/problems/order-not-open");
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
    void whenTheWalletIsDownTheOrderIsRefusedAsUnavailableAndNothingIsStored() {
        UUID elder = approvedElder();
        WALLET_DOWN.set(true);

        ResponseEntity<Map<String, Object>> response = place(elder, PROVIDER, 1, null);

        assertThat(response.getStatusCode().value()).isEqualTo(503);
        assertThat(response.getBody()).containsEntry("type", "https://eldercare.io/problems/dependency-unavailable");
        assertThat(ordersOf(elder)).isZero();
    }

    @Test
    void whenTheWalletHangsTheOrderIsRefusedWithinThreeSecondsNothingIsStoredAndAnyHoldIsReleased() {
        UUID elder = approvedElder();
        WALLET_HANGS.set(true);
        long started = System.nanoTime();

        String key = "hang-" + elder;
        ResponseEntity<Map<String, Object>> response = place(elder, PROVIDER, 1, key);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        assertThat(response.getStatusCode().value()).isEqualTo(503);
        assertThat(response.getBody()).containsEntry("type", "https://eldercare.io/problems/dependency-unavailable");
        assertThat(ordersOf(elder)).isZero();
        // the wallet may have held before it stopped answering: the order's cancellation tells it to release
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(EventProbe.readAll("eldercare.workorder.events",
                Duration.ofMillis(500))).filteredOn(e -> e.aggregateId().equals(elder.toString()))
                .extracting(EventProbe::payload).singleElement().isInstanceOf(WorkOrderCancelled.class));
        // the same key again is refused: its cancellation may still be on its way to the wallet
        WALLET_HANGS.set(false);
        ResponseEntity<Map<String, Object>> retry = place(elder, PROVIDER, 1, key);
        assertThat(retry.getStatusCode().value()).isEqualTo(409);
        assertThat(retry.getBody()).containsEntry("type", "https://eldercare.io/problems/order-abandoned");
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
    void anOrderWaitingForItsMonthsMoneyIsAcceptedAndCompletedOnlyOnceTheWalletHoldsIt() throws Exception {
        UUID elder = approvedElder();
        WALLET_WAITS.set(true);
        ResponseEntity<Map<String, Object>> placed = place(elder, PROVIDER, 1, null);
        String orderId = (String) placed.getBody().get("id");

        assertThat(placed.getStatusCode().value()).isEqualTo(201);
        assertThat(placed.getBody()).containsEntry("funding", "WAITING").containsEntry("subsidyFen", 0)
                .containsEntry("selfPayFen", 2000);
        doors.setHome(elder, HOME);
        UUID early = qualifiedCaregiver(PROVIDER, LocalDate.now(clock).plusYears(1));
        post("/orders/" + orderId + "/dispatch", Map.of("caregiverId", early), PROVIDER_ADMIN);
        post("/orders/" + orderId + "/accept", Map.of(), caregiverToken(early));
        ResponseEntity<Map<String, Object>> tooEarly = atTheDoor(orderId, "check-in",
                doors.issueCode(elder).orElseThrow(), HOME, photo(), early);
        assertThat(tooEarly.getStatusCode().value()).isEqualTo(422);
        assertThat(tooEarly.getBody()).containsEntry("type", "https://eldercare.io/problems/funds-not-held-yet");
        post("/orders/" + orderId + "/decline", Map.of("reason", "not held yet"), caregiverToken(early));

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

    @Test
    void anOrderWhoseWalletAnswerWasLostIsAskedAgainWithTheSameKeyAndPlacedWithTheHoldTheWalletMade() {
        UUID elder = approvedElder();
        // the instance that asked the wallet died before it recorded the answer, two minutes ago
        UUID order = orderAwaitingTheWallet(elder, Duration.ofMinutes(2));
        int holdsBefore = HOLDS.get();

        orderService.resumeAwaitingWallet(Duration.ofSeconds(60), Duration.ofMinutes(10));

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

        orderService.resumeAwaitingWallet(Duration.ofSeconds(60), Duration.ofMinutes(10));

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

        orderService.resumeAwaitingWallet(Duration.ofSeconds(60), Duration.ofMinutes(10));

        assertThat(get("/orders/" + order, OPERATOR).getBody()).containsEntry("funding", "HELD")
                .containsEntry("subsidyFen", 1500).containsEntry("selfPayFen", 500);
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

    @Test
    void aTerminatedElderIsNotServedFromThatDayAndOrdersPlacedForItAreCancelled() {
        UUID elder = approvedElder();
        LocalDate today = LocalDate.now(clock);
        UUID before = storedOrder(elder, "HELD", today.minusDays(1), Duration.ofDays(2));
        UUID from = storedOrder(elder, "HELD", today, Duration.ofHours(1));

        EventProbe.publish("eldercare.eligibility.events", "eligibility-service",
                new io.eldercare.events.ServiceTerminated(UUID.randomUUID(), elder, "HUANGPI-2020", today,
                        "DECEASED", Instant.now()));

        await().atMost(PATIENCE).until(() -> "CANCELLED".equals(get("/orders/" + from, OPERATOR).getBody()
                .get("status")));
        assertThat(get("/orders/" + before, OPERATOR).getBody()).containsEntry("status", "CREATED");
        ResponseEntity<Map<String, Object>> refused = place(elder, PROVIDER, 1, null);
        assertThat(refused.getStatusCode().value()).isEqualTo(422);
        assertThat(refused.getBody()).containsEntry("type", "https://eldercare.io/problems/service-terminated");
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

    /** An order stored awaiting the wallet's answer {@code ago}, as a process that died after asking leaves it. */
    private UUID orderAwaitingTheWallet(UUID elder, Duration ago) {
        return storedOrder(elder, "PENDING", LocalDate.now(clock), ago);
    }

    /** An order as this service stores it, with what it asked the wallet. */
    private UUID storedOrder(UUID elder, String funding, LocalDate day, Duration ago) {
        return storedOrder(elder, funding, day, ago, PROVIDER);
    }

    private UUID storedOrder(UUID elder, String funding, LocalDate day, Duration ago, UUID provider) {
        UUID order = UUID.randomUUID();
        String holdRequest = """
                {"orderId":"%s","elderId":"%s","serviceDate":"%s","itemCode":"HP-HAIRCUT","listAmountFen":2000,
                 "quantity":1,"category":"HP-DIBAO","meal":false,"delivered":false}""".formatted(order, elder, day);
        jdbc.sql("""
                INSERT INTO work_order (id, elder_id, provider_id, item_code, policy_code, policy_version, unit,
                    unit_price_fen, quantity, amount_fen, subsidy_fen, self_pay_fen, service_date, channel, status,
                    created_at, version, list_amount_fen, discount_fen, funding, hold_request, community_code)
                VALUES (?, ?, ?, 'HP-HAIRCUT', 'HUANGPI-2020', 1, 'PER_TIME', 2000, 1, 2000, 0, 2000, ?, 'HOTLINE',
                    'CREATED', ?, 0, 2000, 0, ?, ?, 'HP-QIANCHUAN-01')""")
                .params(order, elder, provider, day, java.sql.Timestamp.from(Instant.now().minus(ago)), funding,
                        holdRequest)
                .update();
        return order;
    }

    @Test
    void aProviderOffersAVisitToItsQualifiedCaregiverWhoAloneMayAcceptItAndEveryStepIsAnEvent() {
        UUID caregiver = qualifiedCaregiver(PROVIDER, LocalDate.now(clock).plusYears(1));
        UUID colleague = qualifiedCaregiver(PROVIDER, LocalDate.now(clock).plusYears(1));
        String order = (String) place(approvedElder(), PROVIDER, 1, null).getBody().get("id");

        ResponseEntity<Map<String, Object>> dispatched = post("/orders/" + order + "/dispatch",
                Map.of("caregiverId", caregiver), PROVIDER_ADMIN);
        assertThat(dispatched.getStatusCode().value()).isEqualTo(200);
        assertThat(dispatched.getBody()).containsEntry("status", "DISPATCHED")
                .containsEntry("caregiverId", caregiver.toString());
        assertThat(get("/orders/" + order, caregiverToken(colleague)).getStatusCode().value())
                .as("another caregiver does not see it").isEqualTo(404);
        assertThat(post("/orders/" + order + "/accept", Map.of(), caregiverToken(colleague)).getStatusCode().value())
                .as("nor takes it").isEqualTo(404);
        assertThat(http.get().uri("/orders/assigned").headers(h -> h.setBearerAuth(caregiverToken(caregiver)))
                .retrieve().body(new ParameterizedTypeReference<java.util.List<Map<String, Object>>>() { }))
                .extracting(o -> o.get("id")).containsExactly(order);

        ResponseEntity<Map<String, Object>> accepted = post("/orders/" + order + "/accept", Map.of(),
                caregiverToken(caregiver));
        assertThat(accepted.getBody()).containsEntry("status", "ACCEPTED");
        assertThat(post("/orders/" + order + "/accept", Map.of(), caregiverToken(caregiver)).getStatusCode().value())
                .as("accepted once").isEqualTo(409);
        await().atMost(PATIENCE).until(() -> EventProbe.readAll("eldercare.workorder.events", Duration.ofSeconds(1))
                .stream().filter(e -> e.payload().toString().contains(order)).map(e -> e.type()).toList()
                .containsAll(java.util.List.of("WorkOrderDispatched", "WorkOrderAccepted")));
    }

    @Test
    void aCaregiverWhoseCertificatesExpireBeforeTheDayOrWhoWorksForAnotherProviderIsNotSent() {
        UUID expiring = qualifiedCaregiver(PROVIDER, LocalDate.now(clock).minusDays(1));
        UUID elsewhere = qualifiedCaregiver(UUID.randomUUID(), LocalDate.now(clock).plusYears(1));
        String order = (String) place(approvedElder(), PROVIDER, 1, null).getBody().get("id");

        for (UUID caregiver : java.util.List.of(expiring, elsewhere, UUID.randomUUID())) {
            ResponseEntity<Map<String, Object>> refused = post("/orders/" + order + "/dispatch",
                    Map.of("caregiverId", caregiver), PROVIDER_ADMIN);
            assertThat(refused.getStatusCode().value()).isEqualTo(422);
            assertThat(refused.getBody()).containsEntry("type",
                    "https://eldercare.io/problems/caregiver-not-qualified");
        }
        assertThat(get("/orders/" + order, PROVIDER_ADMIN).getBody()).containsEntry("status", "CREATED")
                .containsEntry("caregiverId", null);
    }

    @Test
    void aDeclinedVisitWaitsForAnotherCaregiverAndACancelledOrderIsNeverSentNorAcceptedBeforeItIsOffered() {
        UUID caregiver = qualifiedCaregiver(PROVIDER, LocalDate.now(clock).plusYears(1));
        String order = (String) place(approvedElder(), PROVIDER, 1, null).getBody().get("id");
        post("/orders/" + order + "/dispatch", Map.of("caregiverId", caregiver), PROVIDER_ADMIN);

        UUID colleague = qualifiedCaregiver(PROVIDER, LocalDate.now(clock).plusYears(1));
        ResponseEntity<Map<String, Object>> declined = post("/orders/" + order + "/decline",
                Map.of("reason", "生病"), caregiverToken(caregiver));
        assertThat(declined.getBody()).containsEntry("status", "CREATED").containsEntry("caregiverId", null);
        assertThat(post("/orders/" + order + "/accept", Map.of(), caregiverToken(caregiver)).getStatusCode().value())
                .as("no longer offered to them").isEqualTo(404);
        ResponseEntity<Map<String, Object>> offeredAgain = post("/orders/" + order + "/dispatch",
                Map.of("caregiverId", colleague), PROVIDER_ADMIN);
        assertThat(offeredAgain.getBody()).containsEntry("status", "DISPATCHED")
                .containsEntry("caregiverId", colleague.toString());

        post("/orders/" + order + "/cancel", Map.of("reason", "elder away"), OPERATOR);
        ResponseEntity<Map<String, Object>> afterCancel = post("/orders/" + order + "/dispatch",
                Map.of("caregiverId", caregiver), PROVIDER_ADMIN);
        assertThat(afterCancel.getStatusCode().value()).isEqualTo(409);
        assertThat(afterCancel.getBody()).containsEntry("type", "https://eldercare.io/problems/order-not-open");
        assertThat(get("/orders/" + order, PROVIDER_ADMIN).getBody()).containsEntry("status", "CANCELLED");
    }

    @Test
    void aVisitBeginsOnlyAtTheEldersDoorWithItsCodeInsideTheGeofenceAndEndsWithACheckOut() throws Exception {
        UUID elder = approvedElder();
        UUID stranger = approvedElder();
        doors.setHome(elder, HOME);
        doors.setHome(stranger, HOME);
        String code = doors.issueCode(elder).orElseThrow();
        String othersCode = doors.issueCode(stranger).orElseThrow();
        UUID caregiver = qualifiedCaregiver(PROVIDER, LocalDate.now(clock).plusYears(1));
        String order = acceptedVisit(elder, caregiver);
        io.eldercare.workorder.visit.Geofence.Point inside = io.eldercare.workorder.visit.Geofence.destination(HOME,
                60, 199);
        io.eldercare.workorder.visit.Geofence.Point outside = io.eldercare.workorder.visit.Geofence.destination(HOME,
                60, 201);

        ResponseEntity<Map<String, Object>> tooFar = atTheDoor(order, "check-in", code, outside, photo(), caregiver);
        ResponseEntity<Map<String, Object>> wrongDoor = atTheDoor(order, "check-in", othersCode, inside, photo(),
                caregiver);
        ResponseEntity<Map<String, Object>> notAPhoto = atTheDoor(order, "check-in", code, inside,
                "not an image".getBytes(), caregiver);
        ResponseEntity<Map<String, Object>> notTheirs = atTheDoor(order, "check-in", code, inside, photo(),
                qualifiedCaregiver(PROVIDER, LocalDate.now(clock).plusYears(1)));

        assertThat(tooFar.getStatusCode().value()).isEqualTo(422);
        assertThat(tooFar.getBody()).containsEntry("type", "https://eldercare.io/problems/outside-geofence");
        assertThat(wrongDoor.getBody()).containsEntry("type", "https://eldercare.io/problems/wrong-door-code");
        assertThat(notAPhoto.getStatusCode().value()).isEqualTo(400);
        assertThat(notTheirs.getStatusCode().value()).isEqualTo(404);
        assertThat(get("/orders/" + order, PROVIDER_ADMIN).getBody()).containsEntry("status", "ACCEPTED");

        assertThat(get("/orders/" + order + "/navigation", caregiverToken(caregiver)).getBody())
                .containsEntry("latitude", HOME.latitude()).containsEntry("longitude", HOME.longitude())
                .containsEntry("geofenceRadiusMetres", 200);
        assertThat(get("/orders/" + order + "/navigation", OPERATOR).getStatusCode().value())
                .as("for the caregiver alone").isEqualTo(403);
        ResponseEntity<Map<String, Object>> checkedIn = atTheDoor(order, "check-in", code, inside, photo(),
                caregiver);
        assertThat(checkedIn.getBody()).containsEntry("status", "CHECKED_IN");
        assertThat(atTheDoor(order, "check-in", code, inside, photo(), caregiver).getStatusCode().value())
                .as("a second check-in").isEqualTo(409);
        assertThat(post("/orders/" + order + "/cancel", Map.of("reason", "changed mind"), OPERATOR)
                .getStatusCode().value()).as("a begun visit is not cancelled").isEqualTo(409);

        ResponseEntity<Map<String, Object>> checkedOut = atTheDoor(order, "check-out", null, inside, photo(),
                caregiver);
        assertThat(checkedOut.getBody()).containsEntry("status", "CHECKED_OUT");
        assertThat(get("/orders/" + order + "/navigation", caregiverToken(caregiver)).getStatusCode().value())
                .as("not after the visit").isEqualTo(404);
        await().atMost(PATIENCE).until(() -> EventProbe.readAll("eldercare.workorder.events", Duration.ofSeconds(1))
                .stream().filter(e -> e.payload().toString().contains(order)).map(e -> e.type()).toList()
                .containsAll(java.util.List.of("VisitCheckedIn", "VisitCheckedOut")));
        assertThat(EventProbe.readAll("eldercare.workorder.events", Duration.ofSeconds(1)).stream()
                .filter(e -> e.type().startsWith("VisitChecked")).map(e -> e.payload().toString()))
                .as("no position is published").noneMatch(p -> p.contains("30.87") || p.contains("114.37"));
    }

    @Test
    void theGeofenceIsThePacksRadius() throws Exception {
        UUID elder = approvedElder(TIGHT, "HP-DIBAO");
        doors.setHome(elder, HOME);
        UUID caregiver = qualifiedCaregiver(PROVIDER, TIGHT, List.of("HP-HAIRCUT"), LocalDate.now(clock).plusYears(1));
        ResponseEntity<Map<String, Object>> placed = place(elder, PROVIDER, 1, null);
        assertThat(placed.getStatusCode().value()).as(String.valueOf(placed.getBody())).isEqualTo(201);
        String order = (String) placed.getBody().get("id");
        post("/orders/" + order + "/dispatch", Map.of("caregiverId", caregiver), PROVIDER_ADMIN);
        post("/orders/" + order + "/accept", Map.of(), caregiverToken(caregiver));
        String code = doors.issueCode(elder).orElseThrow();

        ResponseEntity<Map<String, Object>> at51 = atTheDoor(order, "check-in", code,
                io.eldercare.workorder.visit.Geofence.destination(HOME, 120, 51), photo(), caregiver);
        ResponseEntity<Map<String, Object>> at49 = atTheDoor(order, "check-in", code,
                io.eldercare.workorder.visit.Geofence.destination(HOME, 120, 49), photo(), caregiver);

        assertThat(at51.getBody()).containsEntry("type", "https://eldercare.io/problems/outside-geofence");
        assertThat(at51.getBody().get("detail")).asString().contains("within 50 m");
        assertThat(at49.getBody()).containsEntry("status", "CHECKED_IN");
    }

    @Test
    void aCheckOutWithoutACheckInAndARevokedDoorCodeAreRefusedAndChangeNothing() throws Exception {
        UUID elder = approvedElder();
        doors.setHome(elder, HOME);
        String replaced = doors.issueCode(elder).orElseThrow();
        doors.issueCode(elder);
        UUID caregiver = qualifiedCaregiver(PROVIDER, LocalDate.now(clock).plusYears(1));
        String order = acceptedVisit(elder, caregiver);

        ResponseEntity<Map<String, Object>> outFirst = atTheDoor(order, "check-out", null, HOME, photo(), caregiver);
        ResponseEntity<Map<String, Object>> oldCode = atTheDoor(order, "check-in", replaced, HOME, photo(), caregiver);

        assertThat(outFirst.getStatusCode().value()).isEqualTo(409);
        assertThat(outFirst.getBody()).containsEntry("type", "https://eldercare.io/problems/illegal-transition");
        assertThat(oldCode.getBody()).containsEntry("type", "https://eldercare.io/problems/wrong-door-code");
        assertThat(get("/orders/" + order, PROVIDER_ADMIN).getBody()).containsEntry("status", "ACCEPTED");
    }

    @Test
    void anElderConfirmsAtARegisteredKioskAndOnlyThenIsTheVisitPaidAndAReplayedOrStaleAssertionConfirmsNothing()
            throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
        generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        java.security.KeyPair kiosk = generator.generateKeyPair();
        java.security.KeyPair forger = generator.generateKeyPair();
        String admin = TestAuthority.get().token("DISTRICT_ADMIN");
        UUID terminal = UUID.fromString((String) post("/terminals", Map.of("name", "前川社区食堂",
                "publicKey", java.util.Base64.getEncoder().encodeToString(kiosk.getPublic().getEncoded())), admin)
                .getBody().get("id"));
        UUID elder = approvedElder();
        doors.setHome(elder, HOME);
        String code = doors.issueCode(elder).orElseThrow();
        UUID caregiver = qualifiedCaregiver(PROVIDER, LocalDate.now(clock).plusYears(1));
        String order = acceptedVisit(elder, caregiver);
        String unvisited = acceptedVisit(elder, caregiver);
        atTheDoor(order, "check-in", code, HOME, photo(), caregiver);
        atTheDoor(order, "check-out", null, HOME, photo(), caregiver);
        Instant now = Instant.now();

        assertThat(confirm(order, assertion(kiosk, terminal, order, elder, "0.93", now.minusSeconds(600)), caregiver)
                .getBody()).containsEntry("type", "https://eldercare.io/problems/stale-assertion");
        assertThat(confirm(order, assertion(kiosk, terminal, order, elder, "0.41", now), caregiver).getBody())
                .containsEntry("type", "https://eldercare.io/problems/face-not-matched");
        assertThat(confirm(order, assertion(forger, terminal, order, elder, "0.99", now), caregiver).getBody())
                .containsEntry("type", "https://eldercare.io/problems/bad-signature");
        assertThat(confirm(unvisited, assertion(kiosk, terminal, unvisited, elder, "0.95", now), caregiver)
                .getStatusCode().value()).as("no confirmation before the visit ended").isEqualTo(409);
        UUID jiayuguanTerminal = UUID.fromString((String) post("/terminals", Map.of("name", "雄关食堂",
                "publicKey", java.util.Base64.getEncoder().encodeToString(kiosk.getPublic().getEncoded())),
                TestAuthority.get().token("admin.jyg", Map.of("role", "DISTRICT_ADMIN", "region", "JIAYUGUAN")))
                .getBody().get("id"));
        assertThat(confirm(order, assertion(kiosk, jiayuguanTerminal, order, elder, "0.95", now), caregiver)
                .getBody()).as("another region's terminal")
                .containsEntry("type", "https://eldercare.io/problems/unknown-terminal");
        assertThat(get("/orders/" + order, PROVIDER_ADMIN).getBody()).containsEntry("status", "CHECKED_OUT");

        Map<String, Object> valid = assertion(kiosk, terminal, order, elder, "0.95", now);
        ResponseEntity<Map<String, Object>> confirmed = confirm(order, valid, caregiver);
        assertThat(confirmed.getBody()).containsEntry("status", "COMPLETED").containsEntry("verification", "FACE");
        ResponseEntity<Map<String, Object>> replayed = confirm(order, valid, caregiver);
        assertThat(replayed.getStatusCode().value()).isEqualTo(409);
        assertThat(replayed.getBody()).containsEntry("type", "https://eldercare.io/problems/assertion-replayed");
        await().atMost(PATIENCE).until(() -> EventProbe.readAll("eldercare.workorder.events", Duration.ofSeconds(1))
                .stream().filter(e -> e.payload().toString().contains(order)).map(e -> e.type()).toList()
                .containsAll(java.util.List.of("VisitConfirmed", "WorkOrderCompleted")));
    }

    @Test
    void anElderWhoCanUseNeitherFaceNorFingerprintSignsWitnessedByTheCaregiverWhoMadeTheVisitAndNobodyElse()
            throws Exception {
        UUID elder = approvedElder();
        String order = (String) place(elder, PROVIDER, 1, null).getBody().get("id");
        String early = (String) place(elder, PROVIDER, 1, null).getBody().get("id");
        UUID caregiver = checkedOutVisit(order);
        UUID other = qualifiedCaregiver(PROVIDER, LocalDate.now(clock).plusYears(1));
        post("/orders/" + early + "/dispatch", Map.of("caregiverId", caregiver), PROVIDER_ADMIN);

        assertThat(post("/orders/" + order + "/complete", Map.of("verification", "FACE"), PROVIDER_ADMIN)
                .getStatusCode().value()).as("a self-declared completion is gone").isIn(404, 405);
        assertThat(witnessed(order, other).getStatusCode().value()).as("another caregiver").isEqualTo(404);
        assertThat(witnessed(early, caregiver).getStatusCode().value()).as("before the visit").isEqualTo(409);
        org.springframework.util.LinkedMultiValueMap<String, Object> notAnImage =
                new org.springframework.util.LinkedMultiValueMap<>();
        notAnImage.add("reason", "cannot hold the phone");
        notAnImage.add("signature", new org.springframework.core.io.ByteArrayResource("scribble".getBytes()) {
            @Override
            public String getFilename() {
                return "signature.png";
            }
        });
        assertThat(http.post().uri("/orders/" + order + "/confirm/witnessed")
                .contentType(MediaType.MULTIPART_FORM_DATA).headers(h -> h.setBearerAuth(caregiverToken(caregiver)))
                .body(notAnImage).retrieve().toEntity(new ParameterizedTypeReference<Map<String, Object>>() { })
                .getBody()).containsEntry("type", "https://eldercare.io/problems/photo-not-an-image");
        assertThat(get("/orders/" + order, PROVIDER_ADMIN).getBody()).containsEntry("status", "CHECKED_OUT");

        assertThat(witnessed(order, caregiver).getBody()).as("confirmed, not paid before the callback")
                .containsEntry("status", "CONFIRMED");
        assertThat(onlyException(order, "WITNESSED_SIGNATURE")).containsEntry("status", "OPEN");
        assertThat(jdbc.sql("SELECT confirmation_method || ':' || length(confirmation_signature) || ':'"
                + " || confirmation_note FROM work_order WHERE id = ?").param(UUID.fromString(order))
                .query(String.class).single())
                .isEqualTo("WITNESSED_SIGNATURE:64:fingers too weak for the reader; no kiosk in the village");
        await().atMost(PATIENCE).until(() -> EventProbe.readAll("eldercare.workorder.events", Duration.ofSeconds(1))
                .stream().filter(e -> e.type().equals("VisitConfirmed") && e.payload().toString().contains(order))
                .anyMatch(e -> e.payload().toString().contains("WITNESSED_SIGNATURE")));
        assertThat(completions(order)).as("nothing is paid before the elder is called back").isZero();

        calledBack(order, "VISIT_CONFIRMED");
        await().atMost(PATIENCE).until(() -> "COMPLETED".equals(get("/orders/" + order, OPERATOR).getBody()
                .get("status")));
        assertThat(get("/orders/" + order, OPERATOR).getBody()).containsEntry("verification", "SIGNED_RECORD");
        assertThat(jdbc.sql("SELECT resolution || ' by ' || resolved_by FROM visit_exception WHERE order_id = ?")
                .param(UUID.fromString(order)).query(String.class).single())
                .isEqualTo("VISIT_STANDS by call-centre callback");
        UUID later = calledBack(order, "VISIT_DENIED");
        await().atMost(PATIENCE).until(() -> jdbc.sql("SELECT count(*) FROM inbox_event WHERE event_id = ?")
                .param(later).query(Long.class).single() > 0);
        assertThat(get("/orders/" + order, OPERATOR).getBody()).as("a later word changes nothing paid")
                .containsEntry("status", "COMPLETED");
        assertThat(completions(order)).isOne();
    }

    @Test
    void whenTheBureauLetsAWitnessedVisitStandBeforeTheCallbackTheElderSLaterDenialIsAddedToItsDecision()
            throws Exception {
        String order = (String) place(approvedElder(), PROVIDER, 1, null).getBody().get("id");
        assertThat(witnessed(order, checkedOutVisit(order)).getBody()).containsEntry("status", "CONFIRMED");
        Map<String, Object> exception = onlyException(order, "WITNESSED_SIGNATURE");
        assertThat(post("/visit-exceptions/" + exception.get("id") + "/resolve", Map.of("resolution",
                "VISIT_STANDS", "note", "the community worker saw the haircut"),
                TestAuthority.get().token("DISTRICT_ADMIN")).getBody()).containsEntry("status", "RESOLVED");
        assertThat(get("/orders/" + order, OPERATOR).getBody()).containsEntry("status", "COMPLETED");

        UUID denial = calledBack(order, "VISIT_DENIED");
        await().atMost(PATIENCE).until(() -> jdbc.sql("SELECT count(*) FROM inbox_event WHERE event_id = ?")
                .param(denial).query(Long.class).single() > 0);

        assertThat(get("/orders/" + order, OPERATOR).getBody()).containsEntry("status", "COMPLETED");
        assertThat(jdbc.sql("SELECT resolved_by || ': ' || resolution_note FROM visit_exception WHERE order_id = ?")
                .param(UUID.fromString(order)).query(String.class).single())
                .startsWith("district_admin-")
                .contains(": the community worker saw the haircut; the elder denied the visit on the call centre's");
    }

    @Test
    void aCallbackOutcomeThisBuildDoesNotKnowIsDeadLetteredNotTakenForADenial() throws Exception {
        String order = (String) place(approvedElder(), PROVIDER, 1, null).getBody().get("id");
        assertThat(witnessed(order, checkedOutVisit(order)).getBody()).containsEntry("status", "CONFIRMED");

        calledBack(order, "COMPLAINT");

        await().atMost(PATIENCE).until(() -> EventProbe.readAllRaw(
                "eldercare.feedback.events.workorder-service.dlt", Duration.ofSeconds(1)).stream()
                .anyMatch(r -> r.value().contains(order)));
        assertThat(get("/orders/" + order, OPERATOR).getBody()).containsEntry("status", "CONFIRMED");
        assertThat(onlyException(order, "WITNESSED_SIGNATURE")).containsEntry("status", "OPEN");
    }

    @Test
    void aWitnessedVisitTheElderDeniesOnTheCallbackIsNotPaidAndItsHoldIsReleased() throws Exception {
        String order = (String) place(approvedElder(), PROVIDER, 1, null).getBody().get("id");
        UUID caregiver = checkedOutVisit(order);
        assertThat(witnessed(order, caregiver).getBody()).containsEntry("status", "CONFIRMED");

        calledBack(order, "VISIT_DENIED");

        await().atMost(PATIENCE).until(() -> "CANCELLED".equals(get("/orders/" + order, OPERATOR).getBody()
                .get("status")));
        assertThat(jdbc.sql("SELECT resolution FROM visit_exception WHERE order_id = ?")
                .param(UUID.fromString(order)).query(String.class).single()).isEqualTo("VISIT_NOT_PAID");
        await().atMost(PATIENCE).until(() -> EventProbe.readAll("eldercare.workorder.events", Duration.ofSeconds(1))
                .stream().anyMatch(e -> e.type().equals("WorkOrderCancelled")
                        && e.payload().toString().contains(order)));
        assertThat(completions(order)).isZero();
    }

    /** The call centre reached the elder (the feedback service's event, published here in its name). */
    private UUID calledBack(String order, String outcome) {
        Map<String, Object> view = get("/orders/" + order, OPERATOR).getBody();
        return EventProbe.publish("eldercare.feedback.events", "feedback-service", new io.eldercare.events.CallbackCompleted(
                UUID.fromString(order), UUID.fromString((String) view.get("elderId")),
                UUID.fromString((String) view.get("providerId")), outcome, "WITNESSED_SIGNATURE", Instant.now()))
                .eventId();
    }

    /** The elder signs, the caregiver witnessing, and the call centre's callback confirms the visit: then it is paid. */
    private Map<String, Object> witnessedAndCalledBack(String order, UUID caregiver) throws java.io.IOException {
        ResponseEntity<Map<String, Object>> confirmed = witnessed(order, caregiver);
        if (!"CONFIRMED".equals(confirmed.getBody().get("status"))) {
            return confirmed.getBody();
        }
        calledBack(order, "VISIT_CONFIRMED");
        await().atMost(PATIENCE).until(() -> !"CONFIRMED".equals(get("/orders/" + order, OPERATOR).getBody()
                .get("status")));
        return get("/orders/" + order, OPERATOR).getBody();
    }

    private long completions(String order) {
        return jdbc.sql("SELECT count(*) FROM outbox_event WHERE event_type = 'WorkOrderCompleted'"
                + " AND CAST(envelope AS jsonb)->'payload'->>'orderId' = ?").param(order).query(Long.class).single();
    }

    @Test
    void anHourlyVisitIsPaidForItsVerifiedMinutesRoundedByThePackAndTheCompletionCarriesTheBilledAmount()
            throws Exception {
        UUID elder = approvedElder();
        String order = (String) post("/orders", Map.of("elderId", elder, "providerId", PROVIDER, "itemCode",
                "HP-KITCHEN", "quantity", 2)).getBody().get("id");
        assertThat(get("/orders/" + order, OPERATOR).getBody()).containsEntry("listAmountFen", 6000)
                .containsEntry("subsidyFen", 5000).containsEntry("selfPayFen", 1000);

        UUID caregiver = checkedOutVisit(order, Duration.ofMinutes(75).plusSeconds(20));

        // 75 minutes, every started half hour (Huangpi's pack): 90 minutes at 30 元/h = 45.00, all from the subsidy
        assertThat(get("/orders/" + order, OPERATOR).getBody()).containsEntry("billedMinutes", 90)
                .containsEntry("listAmountFen", 4500).containsEntry("amountFen", 4500)
                .containsEntry("subsidyFen", 4500).containsEntry("selfPayFen", 0).containsEntry("quantity", 2);
        assertThat(witnessedAndCalledBack(order, caregiver)).containsEntry("status", "COMPLETED");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(EventProbe.readAll("eldercare.workorder.events",
                Duration.ofSeconds(1)).stream().filter(e -> e.type().equals("WorkOrderCompleted"))
                .map(EventProbe::payload).map(WorkOrderCompleted.class::cast)
                .filter(c -> c.orderId().toString().equals(order)))
                .singleElement().satisfies(c -> {
                    assertThat(c.amountFen()).isEqualTo(4500);
                    assertThat(c.subsidyFen()).isEqualTo(4500);
                    assertThat(c.selfPayFen()).isZero();
                }));
    }

    @Test
    void aPhotoSeenOnAnotherVisitHoldsTheCompletionUntilTheProviderExplainsAndTheBureauLetsTheVisitStand()
            throws Exception {
        UUID elder = approvedElder();
        doors.setHome(elder, HOME);
        String code = doors.issueCode(elder).orElseThrow();
        UUID caregiver = qualifiedCaregiver(PROVIDER, LocalDate.now(clock).plusYears(1));
        String first = acceptedVisit(elder, caregiver);
        String second = acceptedVisit(elder, caregiver);
        byte[] doorPhoto = photo();
        atTheDoor(first, "check-in", code, HOME, doorPhoto, caregiver);
        atTheDoor(first, "check-out", null, HOME, photo(), caregiver);

        atTheDoor(second, "check-in", code, HOME, doorPhoto, caregiver);
        atTheDoor(second, "check-out", null, HOME, photo(), caregiver);
        Map<String, Object> exception = onlyException(second, "PHOTO_REUSED");
        assertThat(exception.get("detail")).asString().contains(first);

        assertThat(witnessed(second, caregiver).getBody()).as("confirmed, not paid while the exception is open")
                .containsEntry("status", "CONFIRMED");
        String admin = TestAuthority.get().token("DISTRICT_ADMIN");
        String id = (String) exception.get("id");
        assertThat(post("/visit-exceptions/" + id + "/resolve", Map.of("resolution", "VISIT_STANDS"),
                PROVIDER_ADMIN).getStatusCode().value()).as("a provider does not decide").isEqualTo(403);
        String otherProvider = TestAuthority.get().token("p2", Map.of("role", "PROVIDER_ADMIN", "provider",
                UUID.randomUUID(), "region", "HUANGPI"));
        assertThat(post("/visit-exceptions/" + id + "/explain", Map.of("explanation", "x"), otherProvider)
                .getStatusCode().value()).isEqualTo(404);
        assertThat(post("/visit-exceptions/" + id + "/explain", Map.of("explanation",
                "the phone sent the earlier photo again; the visit took place (the elder's daughter was there)"),
                PROVIDER_ADMIN).getBody()).containsEntry("status", "EXPLAINED");

        assertThat(post("/visit-exceptions/" + id + "/resolve", Map.of("resolution", "VISIT_STANDS", "note",
                "the daughter confirmed by phone"), admin).getBody()).containsEntry("status", "RESOLVED");
        assertThat(get("/orders/" + second, OPERATOR).getBody()).as("the witnessed signature still awaits its call")
                .containsEntry("status", "CONFIRMED");
        calledBack(second, "VISIT_CONFIRMED");
        await().atMost(PATIENCE).until(() -> "COMPLETED".equals(get("/orders/" + second, OPERATOR).getBody()
                .get("status")));
        assertThat(get("/orders/" + second, OPERATOR).getBody()).containsEntry("verification", "SIGNED_RECORD");
        assertThat(post("/visit-exceptions/" + id + "/resolve", Map.of("resolution", "VISIT_NOT_PAID"), admin)
                .getStatusCode().value()).as("decided once").isEqualTo(409);
        await().atMost(PATIENCE).until(() -> EventProbe.readAll("eldercare.workorder.events", Duration.ofSeconds(1))
                .stream().filter(e -> e.payload().toString().contains(second)).map(e -> e.type()).toList()
                .containsAll(List.of("VisitExceptionRaised", "VisitConfirmed", "VisitExceptionResolved",
                        "WorkOrderCompleted")));
    }

    @Test
    void aVisitWhileTheElderIsRecordedInHospitalIsAnExceptionAndTheBureauRefusingItCancelsTheOrderAndItsHold()
            throws Exception {
        UUID elder = approvedElder();
        String worker = TestAuthority.get().token("worker", Map.of("role", "COMMUNITY_WORKER", "region",
                "HUANGPI", "street", "HP-QIANCHUAN", "community", "HP-QIANCHUAN-01"));
        LocalDate today = LocalDate.now(clock);
        assertThat(post("/elders/" + elder + "/absences", Map.of("kind", "HOSPITALISED", "from",
                today.toString(), "to", today.minusDays(1).toString()), worker).getStatusCode().value())
                .as("not a period").isEqualTo(422);
        assertThat(post("/elders/" + elder + "/absences", Map.of("kind", "HOSPITALISED", "from",
                today.minusDays(2).toString(), "to", today.plusDays(5).toString()), worker).getStatusCode().value())
                .isEqualTo(201);
        String order = (String) place(elder, PROVIDER, 1, null).getBody().get("id");
        checkedOutVisit(order);
        String id = (String) onlyException(order, "ELDER_AWAY").get("id");

        Map<String, Object> resolved = post("/visit-exceptions/" + id + "/resolve", Map.of("resolution",
                "VISIT_NOT_PAID", "note", "the elder was in hospital"), TestAuthority.get().token("DISTRICT_ADMIN"))
                .getBody();

        assertThat(resolved).containsEntry("resolution", "VISIT_NOT_PAID");
        assertThat(get("/orders/" + order, OPERATOR).getBody()).containsEntry("status", "CANCELLED");
        await().atMost(PATIENCE).until(() -> EventProbe.readAll("eldercare.workorder.events", Duration.ofSeconds(1))
                .stream().anyMatch(e -> e.type().equals("WorkOrderCancelled")
                        && e.payload().toString().contains(order)));
    }

    @Test
    void aCaregiverStillCheckedInElsewhereOrTooFarFromHerLastVisitForTheTimeBetweenIsAnException()
            throws Exception {
        UUID near = approvedElder();
        UUID far = approvedElder();
        UUID third = approvedElder();
        io.eldercare.workorder.visit.Geofence.Point farHome = io.eldercare.workorder.visit.Geofence.destination(HOME,
                90, 30_000);
        doors.setHome(near, HOME);
        doors.setHome(far, farHome);
        doors.setHome(third, HOME);
        UUID caregiver = qualifiedCaregiver(PROVIDER, LocalDate.now(clock).plusYears(1));
        String atNear = acceptedVisit(near, caregiver);
        String atThird = acceptedVisit(third, caregiver);
        String atFar = acceptedVisit(far, caregiver);

        atTheDoor(atNear, "check-in", doors.issueCode(near).orElseThrow(), HOME, photo(), caregiver);
        atTheDoor(atThird, "check-in", doors.issueCode(third).orElseThrow(), HOME, photo(), caregiver);
        assertThat(onlyException(atThird, "OVERLAPPING_VISITS").get("detail")).asString().contains(atNear);
        atTheDoor(atNear, "check-out", null, HOME, photo(), caregiver);
        atTheDoor(atThird, "check-out", null, HOME, photo(), caregiver);

        atTheDoor(atFar, "check-in", doors.issueCode(far).orElseThrow(), farHome, photo(), caregiver);
        assertThat(onlyException(atFar, "IMPOSSIBLE_TRAVEL").get("detail")).asString().contains("30.0 km");
    }

    @Test
    void aCheckOutAwayFromTheHomeAShortHourlyVisitAndAVisitNeverCheckedOutAreExceptionsCountedPerProvider()
            throws Exception {
        UUID elder = approvedElder();
        doors.setHome(elder, HOME);
        UUID caregiver = qualifiedCaregiver(PROVIDER, "HUANGPI-2020", List.of("HP-KITCHEN", "HP-HAIRCUT"),
                LocalDate.now(clock).plusYears(1));
        String left = acceptedVisit(elder, caregiver);
        atTheDoor(left, "check-in", doors.issueCode(elder).orElseThrow(), HOME, photo(), caregiver);
        ResponseEntity<Map<String, Object>> away = atTheDoor(left, "check-out", null,
                io.eldercare.workorder.visit.Geofence.destination(HOME, 0, 500), photo(), caregiver);
        assertThat(away.getBody()).as("taken: she has left").containsEntry("status", "CHECKED_OUT");
        assertThat(onlyException(left, "OUTSIDE_GEOFENCE").get("detail")).asString().contains("500 m");

        String kitchen = (String) post("/orders", Map.of("elderId", elder, "providerId", PROVIDER, "itemCode",
                "HP-KITCHEN", "quantity", 2)).getBody().get("id");
        checkedOutVisit(kitchen, Duration.ofMinutes(20));
        assertThat(onlyException(kitchen, "DURATION_OFF_NORM").get("detail")).asString()
                .contains("20 minutes of the 120");

        String forgotten = acceptedVisit(elder, caregiver);
        atTheDoor(forgotten, "check-in", doors.issueCode(elder).orElseThrow(), HOME, photo(), caregiver);
        jdbc.sql("UPDATE work_order SET checked_in_at = checked_in_at - INTERVAL '5 hours' WHERE id = ?")
                .param(UUID.fromString(forgotten)).update();
        assertThat(orderService.raiseMissingCheckOuts()).isPositive();
        assertThat(orderService.raiseMissingCheckOuts()).as("raised once").isZero();
        onlyException(forgotten, "MISSING_CHECK_OUT");

        List<Map<String, Object>> counts = http.get().uri("/visit-exceptions/counts?month="
                + java.time.YearMonth.now(java.time.ZoneId.of("Asia/Shanghai")))
                .headers(h -> h.setBearerAuth(PROVIDER_ADMIN)).retrieve()
                .body(new ParameterizedTypeReference<>() { });
        assertThat(counts).extracting(c -> c.get("reason")).contains("OUTSIDE_GEOFENCE", "DURATION_OFF_NORM",
                "MISSING_CHECK_OUT");
        assertThat(counts).allSatisfy(c -> assertThat(c).containsEntry("providerId", PROVIDER.toString()));
    }

    /** The one exception of a visit, of the reason given (as the bureau's queue lists it). */
    private Map<String, Object> onlyException(String order, String reason) {
        List<Map<String, Object>> queue = http.get().uri("/visit-exceptions")
                .headers(h -> h.setBearerAuth(TestAuthority.get().token("DISTRICT_ADMIN"))).retrieve()
                .body(new ParameterizedTypeReference<>() { });
        assertThat(queue).filteredOn(e -> order.equals(e.get("orderId"))).extracting(e -> e.get("reason"))
                .containsExactly(reason);
        return queue.stream().filter(e -> order.equals(e.get("orderId"))).findFirst().orElseThrow();
    }

    @Test
    void anElderRegistersAPasskeyAndConfirmsWithFingerprintOrFaceAndAnUnverifiedForeignStaleOrReplayedAnswerConfirmsNothing()
            throws Exception {
        UUID elder = approvedElder();
        String family = TestAuthority.get().token("family-" + elder, Map.of("role", "FAMILY", "elder", elder,
                "region", "HUANGPI"));
        String stranger = TestAuthority.get().token("family-other", Map.of("role", "FAMILY", "elder",
                UUID.randomUUID(), "region", "HUANGPI"));
        io.eldercare.workorder.visit.SoftwareAuthenticator phone =
                new io.eldercare.workorder.visit.SoftwareAuthenticator("localhost", "http://localhost:5173");
        io.eldercare.workorder.visit.SoftwareAuthenticator strangersPhone =
                new io.eldercare.workorder.visit.SoftwareAuthenticator("localhost", "http://localhost:5173");
        assertThat(post("/elders/" + elder + "/passkeys/options", Map.of(), stranger).getStatusCode().value())
                .isEqualTo(404);
        String registration = (String) post("/elders/" + elder + "/passkeys/options", Map.of(), family).getBody()
                .get("challenge");
        Map<String, Object> created = new java.util.HashMap<>(phone.create(registration));
        created.put("label", "女儿的手机");
        assertThat(post("/elders/" + elder + "/passkeys", created, family).getStatusCode().value()).isEqualTo(201);
        assertThat(post("/elders/" + elder + "/passkeys", created, family).getBody())
                .as("a registration challenge is used once")
                .containsEntry("type", "https://eldercare.io/problems/challenge-used");
        String order = (String) place(elder, PROVIDER, 1, null).getBody().get("id");
        String other = (String) place(elder, PROVIDER, 1, null).getBody().get("id");
        UUID caregiver = checkedOutVisit(order);
        checkedOutVisit(other);
        assertThat(witnessed(order, caregiver).getBody()).as("an elder with a passkey confirms with it")
                .containsEntry("type", "https://eldercare.io/problems/use-the-passkey");

        assertThat(post("/orders/" + order + "/confirm/webauthn", phone.userVerified(false).get(
                challenge(order, family)), family).getBody()).as("present, not verified")
                .containsEntry("type", "https://eldercare.io/problems/passkey-not-verified");
        phone.userVerified(true);
        assertThat(post("/orders/" + order + "/confirm/webauthn", strangersPhone.get(challenge(order, family)),
                family).getBody()).containsEntry("type", "https://eldercare.io/problems/unknown-passkey");
        assertThat(post("/orders/" + order + "/confirm/webauthn", phone.origin("https://phishing.example")
                .get(challenge(order, family)), family).getBody()).as("signed for another site")
                .containsEntry("type", "https://eldercare.io/problems/passkey-not-verified");
        phone.origin("http://localhost:5173");
        String stale = challenge(order, family);
        jdbc.sql("UPDATE webauthn_challenge SET issued_at = issued_at - INTERVAL '6 minutes' WHERE challenge = ?")
                .param(stale).update();
        assertThat(post("/orders/" + order + "/confirm/webauthn", phone.get(stale), family).getBody())
                .containsEntry("type", "https://eldercare.io/problems/challenge-expired");
        Map<String, String> forOther = phone.get(challenge(other, family));
        assertThat(post("/orders/" + order + "/confirm/webauthn", forOther, family).getBody())
                .as("another visit's challenge").containsEntry("type", "https://eldercare.io/problems/unknown-challenge");
        assertThat(get("/orders/" + order, OPERATOR).getBody()).containsEntry("status", "CHECKED_OUT");

        Map<String, String> answer = phone.get(challenge(order, caregiverToken(caregiver)));
        assertThat(post("/orders/" + order + "/confirm/webauthn", answer, family).getBody())
                .containsEntry("status", "COMPLETED").containsEntry("verification", "WEBAUTHN");
        assertThat(post("/orders/" + order + "/confirm/webauthn", answer, family).getStatusCode().value())
                .as("replayed").isEqualTo(409);
        assertThat(post("/orders/" + other + "/confirm/webauthn/options", Map.of(), stranger).getStatusCode()
                .value()).isEqualTo(404);
    }

    @Test
    void aCanteenTerminalsFaceMatchOrdersHoldsAndCompletesTheDineInMealInOneStepAndAReplayServesNothing()
            throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
        generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        java.security.KeyPair canteen = generator.generateKeyPair();
        String admin = TestAuthority.get().token("DISTRICT_ADMIN");
        String key = java.util.Base64.getEncoder().encodeToString(canteen.getPublic().getEncoded());
        UUID terminal = UUID.fromString((String) post("/terminals", Map.of("name", "前川幸福食堂", "publicKey", key,
                "providerId", PROVIDER), admin).getBody().get("id"));
        UUID kiosk = UUID.fromString((String) post("/terminals", Map.of("name", "社区服务站", "publicKey", key),
                admin).getBody().get("id"));
        UUID elder = approvedElder();
        String meal = UUID.randomUUID().toString();
        Map<String, Object> lunch = new java.util.HashMap<>(assertion(canteen, terminal, meal, elder, "0.91",
                Instant.now()));
        lunch.put("orderId", meal);

        ResponseEntity<Map<String, Object>> served = post("/orders/canteen-meals", lunch, PROVIDER_ADMIN);

        assertThat(served.getStatusCode().value()).isEqualTo(201);
        assertThat(served.getBody()).containsEntry("id", meal).containsEntry("itemCode", "HP-MEAL-DINE-IN")
                .containsEntry("status", "COMPLETED").containsEntry("verification", "FACE")
                .containsEntry("amountFen", 1000);
        assertThat(post("/orders/canteen-meals", lunch, PROVIDER_ADMIN).getBody())
                .containsEntry("type", "https://eldercare.io/problems/assertion-replayed");
        String unmatched = UUID.randomUUID().toString();
        Map<String, Object> stranger = new java.util.HashMap<>(assertion(canteen, terminal, unmatched, elder, "0.42",
                Instant.now()));
        stranger.put("orderId", unmatched);
        assertThat(post("/orders/canteen-meals", stranger, PROVIDER_ADMIN).getBody())
                .containsEntry("type", "https://eldercare.io/problems/face-not-matched");
        Map<String, Object> atAKiosk = new java.util.HashMap<>(assertion(canteen, kiosk, unmatched, elder, "0.95",
                Instant.now()));
        atAKiosk.put("orderId", unmatched);
        assertThat(post("/orders/canteen-meals", atAKiosk, PROVIDER_ADMIN).getStatusCode().value())
                .as("a kiosk that is no canteen's").isEqualTo(404);
        String otherProvider = TestAuthority.get().token("p3", Map.of("role", "PROVIDER_ADMIN", "provider",
                UUID.randomUUID(), "region", "HUANGPI"));
        assertThat(post("/orders/canteen-meals", lunch, otherProvider).getStatusCode().value()).isEqualTo(404);
        assertThat(ordersOf(elder)).as("one meal, nothing else stored").isEqualTo(1);
        String visit = (String) place(elder, PROVIDER, 1, null).getBody().get("id");
        UUID caregiver = checkedOutVisit(visit);
        assertThat(confirm(visit, assertion(canteen, terminal, visit, elder, "0.97", Instant.now()), caregiver)
                .getBody()).as("the canteen's provider holds its key: it never confirms a home visit")
                .containsEntry("type", "https://eldercare.io/problems/unknown-terminal");
        assertThat(jdbc.sql("SELECT dispatchable FROM work_order WHERE id = ?").param(UUID.fromString(meal))
                .query(Boolean.class).single()).as("never offered to a caregiver").isFalse();
        await().atMost(PATIENCE).until(() -> EventProbe.readAll("eldercare.workorder.events", Duration.ofSeconds(1))
                .stream().filter(e -> e.payload().toString().contains(meal)).map(e -> e.type()).toList()
                .equals(List.of("WorkOrderCreated", "VisitConfirmed", "WorkOrderCompleted")));
    }

    @Autowired
    io.eldercare.workorder.order.Matching matching;

    @Test
    void matchingOffersTheNearestAvailableCaregiverThenTheNextOnADeclineOrNoAnswerAndEscalatesWhenNobodyIsLeft()
            throws Exception {
        UUID provider = UUID.randomUUID();
        LocalDate until = LocalDate.now(clock).plusYears(1);
        UUID far = qualifiedCaregiver(provider, until);
        UUID near = qualifiedCaregiver(provider, until);
        UUID onLeave = qualifiedCaregiver(provider, until);
        assertThat(post("/orders/caregiver-unavailability", Map.of("from", LocalDate.now(clock).toString(), "to",
                LocalDate.now(clock).plusDays(2).toString()), caregiverToken(onLeave)).getStatusCode().value())
                .isEqualTo(201);
        UUID elder = approvedElder();
        doors.setHome(elder, HOME);
        // where each is now: the home of her last visit today, 5 km and 300 m away
        visitedToday(far, io.eldercare.workorder.visit.Geofence.destination(HOME, 0, 5000));
        visitedToday(near, io.eldercare.workorder.visit.Geofence.destination(HOME, 90, 300));
        UUID order = storedOrder(elder, "HELD", LocalDate.now(clock), Duration.ZERO, provider);

        assertThat(matching.offerNow(order)).isTrue();
        assertThat(caregiverOf(order)).as("the nearest").isEqualTo(near);
        assertThat(post("/orders/" + order + "/decline", Map.of("reason", "stuck in traffic"), caregiverToken(near))
                .getStatusCode().value()).isEqualTo(200);
        assertThat(matching.offerNow(order)).isTrue();
        assertThat(caregiverOf(order)).as("the next, never the one who declined").isEqualTo(far);

        jdbc.sql("UPDATE work_order SET dispatched_at = dispatched_at - INTERVAL '11 minutes' WHERE id = ?")
                .param(order).update();
        assertThat(matching.expireOffers()).isPositive();
        assertThat(get("/orders/" + order, OPERATOR).getBody()).containsEntry("status", "CREATED");
        assertThat(matching.offerNow(order)).as("nobody is left: the one on leave is passed over").isFalse();
        String providerAdmin = TestAuthority.get().token("admin-" + provider, Map.of("role", "PROVIDER_ADMIN",
                "provider", provider, "region", "HUANGPI"));
        assertThat(http.get().uri("/orders/unassigned").headers(h -> h.setBearerAuth(providerAdmin)).retrieve()
                .body(new ParameterizedTypeReference<List<Map<String, Object>>>() { }))
                .extracting(o -> o.get("id")).containsExactly(order.toString());
        assertThat(post("/orders/" + order + "/dispatch", Map.of("caregiverId", near), providerAdmin).getBody())
                .as("the administrator may still send anyone qualified").containsEntry("status", "DISPATCHED");
        assertThat(jdbc.sql("SELECT outcome FROM dispatch_offer WHERE order_id = ? ORDER BY offered_at")
                .param(order).query(String.class).list()).containsExactly("TIMED_OUT", null);
        await().atMost(PATIENCE).until(() -> EventProbe.readAll("eldercare.workorder.events", Duration.ofSeconds(1))
                .stream().filter(e -> e.type().equals("WorkOrderDeclined")
                        && e.payload().toString().contains(order.toString()))
                .anyMatch(e -> e.payload().toString().contains("no answer within 10 minutes")));
    }

    @Test
    void twoInstancesMatchingAThousandWaitingVisitsAtOnceOfferEachToExactlyOneCaregiver() throws Exception {
        UUID provider = UUID.randomUUID();
        LocalDate today = LocalDate.now(clock);
        List<UUID> caregivers = new java.util.ArrayList<>();
        for (int i = 0; i < 70; i++) {
            UUID staff = UUID.randomUUID();
            caregivers.add(staff);
            EventProbe.publish(CATALOG_TOPIC, "catalog-service", new io.eldercare.events.StaffQualified(staff,
                    provider, "CAREGIVER", "HUANGPI-2020", List.of("HP-HAIRCUT"), today, today.plusYears(1)));
        }
        await().atMost(PATIENCE).until(() -> jdbc.sql("SELECT count(*) FROM staff_copy WHERE provider_id = ?")
                .param(provider).query(Long.class).single() == 70);
        UUID elder = approvedElder();
        jdbc.sql("""
                INSERT INTO work_order (id, elder_id, provider_id, item_code, policy_code, policy_version, unit,
                    unit_price_fen, quantity, amount_fen, subsidy_fen, self_pay_fen, service_date, channel, status,
                    created_at, version, list_amount_fen, discount_fen, funding, community_code)
                SELECT gen_random_uuid(), ?, ?, 'HP-HAIRCUT', 'HUANGPI-2020', 1, 'PER_TIME', 2000, 1, 2000, 2000, 0,
                    ?, 'APP', 'CREATED', now(), 0, 2000, 0, 'HELD', 'HP-QIANCHUAN-01'
                FROM generate_series(1, 1000)""").params(elder, provider, today).update();
        org.springframework.context.ConfigurableApplicationContext second =
                new org.springframework.boot.builder.SpringApplicationBuilder(
                        io.eldercare.workorder.WorkorderApplication.class)
                        .initializers(new io.eldercare.testsupport.ServiceTestInfrastructure())
                        .properties("server.port=0", "eldercare.dispatch.automatic=false",
                                "eldercare.clients.wallet-service.url=" + WALLET.url())
                        .run();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            io.eldercare.workorder.order.Matching other = second.getBean(io.eldercare.workorder.order.Matching.class);
            assertThat(other).isNotSameAs(matching);
            java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(4);
            List<java.util.concurrent.Future<Integer>> passes = new java.util.ArrayList<>();
            for (io.eldercare.workorder.order.Matching instance : List.of(matching, other, matching, other)) {
                passes.add(pool.submit(() -> {
                    together.await();
                    int offered = 0;
                    for (int n; (n = instance.offerWaiting(25)) > 0; ) {
                        offered += n;
                    }
                    return offered;
                }));
            }
            List<Integer> offered = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<Integer> pass : passes) {
                offered.add(pass.get(5, java.util.concurrent.TimeUnit.MINUTES));
            }
            assertThat(offered.get(0) + offered.get(2)).as("this instance offered some").isPositive();
            assertThat(offered.get(1) + offered.get(3)).as("the other instance offered some").isPositive();
            assertThat(offered.stream().mapToInt(Integer::intValue).sum())
                    .as("these and whatever earlier tests left waiting").isGreaterThanOrEqualTo(1000);
        } finally {
            pool.shutdownNow();
            second.close();
        }
        assertThat(jdbc.sql("SELECT count(*) FROM work_order WHERE provider_id = ? AND status = 'DISPATCHED'")
                .param(provider).query(Long.class).single()).isEqualTo(1000);
        assertThat(jdbc.sql("""
                SELECT count(*) FROM dispatch_offer d JOIN work_order w ON w.id = d.order_id
                WHERE w.provider_id = ?""").param(provider).query(Long.class).single())
                .as("one offer per order").isEqualTo(1000);
        assertThat(jdbc.sql("""
                SELECT count(*) FROM outbox_event WHERE event_type = 'WorkOrderDispatched'
                  AND envelope::jsonb -> 'payload' ->> 'providerId' = ?""").param(provider.toString()).query(Long.class).single())
                .as("one WorkOrderDispatched per order").isEqualTo(1000);
        assertThat(jdbc.sql("""
                SELECT max(n) FROM (SELECT count(*) AS n FROM work_order WHERE provider_id = ?
                GROUP BY caregiver_id) per_caregiver""").param(provider).query(Long.class).single())
                .as("spread by the day's load: nobody above the day's maximum").isLessThanOrEqualTo(16);
    }

    @Test
    void aCaregiversLiveListIsToldAtOnceWhenAVisitIsOfferedToHerOrTakenBack() throws Exception {
        UUID caregiver = qualifiedCaregiver(PROVIDER, LocalDate.now(clock).plusYears(1));
        java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        java.util.concurrent.CompletableFuture<?> stream = client.sendAsync(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + port + "/orders/assigned/stream"))
                .header("Authorization", "Bearer " + caregiverToken(caregiver))
                .header("Accept", "text/event-stream").build(),
                java.net.http.HttpResponse.BodyHandlers.ofLines())
                .thenAccept(response -> response.body().forEach(lines::add));
        try {
            assertThat(nextData(lines)).contains(caregiver.toString()); // ready
            String order = (String) place(approvedElder(), PROVIDER, 1, null).getBody().get("id");

            post("/orders/" + order + "/dispatch", Map.of("caregiverId", caregiver), PROVIDER_ADMIN);
            assertThat(nextData(lines)).contains(order, "OFFERED");
            post("/orders/" + order + "/cancel", Map.of("reason", "the elder went to her daughter's"), OPERATOR);
            assertThat(nextData(lines)).contains(order, "CANCELLED");
        } finally {
            stream.cancel(true);
        }
    }

    /** The next event's data line of a stream, waiting at most ten seconds. */
    private static String nextData(java.util.concurrent.BlockingQueue<String> lines) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < until) {
            String line = lines.poll(1, java.util.concurrent.TimeUnit.SECONDS);
            if (line != null && line.startsWith("data:")) {
                return line;
            }
        }
        throw new AssertionError("no event within ten seconds");
    }

    @Autowired
    io.eldercare.workorder.order.Agreements agreements;

    @Test
    void aMonthlyAgreementOrdersEachAgreedDayOnceAFewDaysAheadAndEndingItCancelsWhatHasNotBegun() {
        UUID elder = approvedElder();
        LocalDate today = LocalDate.now(clock);
        java.time.YearMonth month = java.time.YearMonth.from(today);
        assertThat(post("/agreements", Map.of("elderId", elder, "providerId", PROVIDER, "itemCode", "HP-HAIRCUT",
                "quantity", 1, "weekdays", List.of(1, 2, 3, 4, 5, 6, 7), "month", month.minusMonths(1).toString()),
                OPERATOR).getBody()).containsEntry("type", "https://eldercare.io/problems/agreement-in-the-past");
        assertThat(post("/agreements", Map.of("elderId", elder, "providerId", UNCONTRACTED, "itemCode",
                "HP-HAIRCUT", "quantity", 1, "weekdays", List.of(1), "month", month.toString()), OPERATOR).getBody())
                .containsEntry("type", "https://eldercare.io/problems/provider-not-contracted");

        ResponseEntity<Map<String, Object>> agreed = post("/agreements", Map.of("elderId", elder, "providerId",
                PROVIDER, "itemCode", "HP-HAIRCUT", "quantity", 1, "weekdays", List.of(1, 2, 3, 4, 5, 6, 7),
                "month", month.toString()), PROVIDER_ADMIN);
        assertThat(http.get().uri("/agreements?elderId=" + elder).headers(h -> h.setBearerAuth(OPERATOR))
                .retrieve().body(new ParameterizedTypeReference<List<Map<String, Object>>>() { }))
                .as("the elder's side sees what the provider agreed").hasSize(1);

        assertThat(agreed.getStatusCode().value()).isEqualTo(201);
        String agreement = (String) agreed.getBody().get("id");
        long due = today.datesUntil(today.plusDays(3)).filter(d -> java.time.YearMonth.from(d).equals(month))
                .count();
        assertThat(ordersOf(elder)).as("today and the next two days of this month").isEqualTo(due);
        agreements.placeDue(2);
        agreements.placeDue(2);
        assertThat(ordersOf(elder)).as("each day once").isEqualTo(due);
        assertThat(jdbc.sql("SELECT DISTINCT channel || ':' || agreement_id FROM work_order WHERE elder_id = ?")
                .param(elder).query(String.class).list()).containsExactly("AGREEMENT:" + agreement);
        assertThat(post("/orders", Map.of("elderId", elder, "providerId", PROVIDER, "itemCode", "HP-HAIRCUT",
                "quantity", 1, "channel", "AGREEMENT")).getStatusCode().value()).isEqualTo(400);

        // one day's order still awaits the wallet's answer when the agreement ends: it is left until the answer
        UUID awaiting = jdbc.sql("SELECT id FROM work_order WHERE elder_id = ? ORDER BY service_date DESC LIMIT 1")
                .param(elder).query(UUID.class).single();
        jdbc.sql("UPDATE work_order SET funding = 'PENDING' WHERE id = ?").param(awaiting).update();
        assertThat(post("/agreements/" + agreement + "/end", Map.of("reason", "moved to her daughter's"),
                OPERATOR).getBody()).containsEntry("status", "ENDED");
        assertThat(jdbc.sql("SELECT count(*) FROM work_order WHERE elder_id = ? AND status = 'CANCELLED'")
                .param(elder).query(Long.class).single()).isEqualTo(due - 1);
        jdbc.sql("UPDATE work_order SET funding = 'HELD' WHERE id = ?").param(awaiting).update();
        agreements.placeDue(2);
        assertThat(jdbc.sql("SELECT status || ': ' || cancel_reason FROM work_order WHERE id = ?").param(awaiting)
                .query(String.class).single()).as("cancelled once the wallet has answered")
                .isEqualTo("CANCELLED: the service agreement ended");
        assertThat(jdbc.sql("SELECT count(*) FROM work_order WHERE elder_id = ? AND status = 'CANCELLED'")
                .param(elder).query(Long.class).single()).isEqualTo(due);
        assertThat(post("/agreements/" + agreement + "/end", Map.of("reason", "again"), OPERATOR).getStatusCode()
                .value()).isEqualTo(409);
    }

    @Test
    void anOrderIsChangedBeforeItsVisitByANewQuoteAndHoldThatReplacesItAndTheOldHoldIsReleased() throws Exception {
        UUID elder = approvedElder();
        String order = (String) place(elder, PROVIDER, 1, null).getBody().get("id");
        LocalDate tomorrow = LocalDate.now(clock).plusDays(1);
        Map<String, Object> change = Map.of("serviceDate", tomorrow.toString(), "quantity", 2, "reason",
                "家属要求改到明天，剪两次");

        ResponseEntity<Map<String, Object>> changed = post("/orders/" + order + "/change", change, OPERATOR);

        assertThat(changed.getStatusCode().value()).isEqualTo(201);
        String replacement = (String) changed.getBody().get("id");
        assertThat(replacement).isNotEqualTo(order);
        assertThat(changed.getBody()).containsEntry("serviceDate", tomorrow.toString()).containsEntry("quantity", 2)
                .containsEntry("amountFen", 4000).containsEntry("status", "CREATED");
        assertThat(get("/orders/" + order, OPERATOR).getBody()).containsEntry("status", "CANCELLED");
        assertThat(post("/orders/" + order + "/change", change, OPERATOR).getBody())
                .as("a retry answers the same change").containsEntry("id", replacement);
        assertThat(post("/orders/" + order + "/change", Map.of("quantity", 3, "reason", "again"), OPERATOR)
                .getBody()).containsEntry("type", "https://eldercare.io/problems/order-changed");
        assertThat(post("/orders/" + replacement + "/change", Map.of("itemCode", "HP-PHYSIO", "reason", "理疗"),
                PROVIDER_ADMIN).getBody()).as("re-quoted: the provider is not contracted for it")
                .containsEntry("type", "https://eldercare.io/problems/provider-not-contracted");
        assertThat(post("/orders/" + replacement + "/change", Map.of("reason", "nothing"), OPERATOR).getBody())
                .containsEntry("type", "https://eldercare.io/problems/nothing-changed");
        assertThat(get("/orders/" + replacement, OPERATOR).getBody()).containsEntry("status", "CREATED");
        assertThat(ordersOf(elder)).isEqualTo(2);
        String begun = (String) place(elder, PROVIDER, 1, null).getBody().get("id");
        checkedOutVisit(begun);
        assertThat(post("/orders/" + begun + "/change", Map.of("quantity", 2, "reason", "late"), OPERATOR)
                .getBody()).containsEntry("type", "https://eldercare.io/problems/order-not-open");
        await().atMost(PATIENCE).until(() -> EventProbe.readAll("eldercare.workorder.events", Duration.ofSeconds(1))
                .stream().anyMatch(e -> e.type().equals("WorkOrderCancelled") && e.payload().toString()
                        .contains(order)));
    }

    private void visitedToday(UUID caregiver, io.eldercare.workorder.visit.Geofence.Point where) {
        UUID elder = approvedElder();
        doors.setHome(elder, where);
        UUID visit = storedOrder(elder, "HELD", LocalDate.now(clock), Duration.ofHours(2));
        jdbc.sql("""
                UPDATE work_order SET status = 'CHECKED_OUT', caregiver_id = ?, dispatched_at = now(),
                  checked_in_at = now() - INTERVAL '1 hour', checked_out_at = now() WHERE id = ?""")
                .params(caregiver, visit).update();
    }

    private UUID caregiverOf(UUID order) {
        return jdbc.sql("SELECT caregiver_id FROM work_order WHERE id = ?").param(order).query(UUID.class).single();
    }

    /** A challenge for the elder's passkey bound to the visit. */
    private String challenge(String order, String token) {
        return (String) post("/orders/" + order + "/confirm/webauthn/options", Map.of(), token).getBody()
                .get("challenge");
    }

    @Test
    void aVisitOfferedByManyAtOnceGoesToExactlyOneCaregiver() throws Exception {
        String order = (String) place(approvedElder(), PROVIDER, 1, null).getBody().get("id");
        java.util.List<UUID> caregivers = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            caregivers.add(qualifiedCaregiver(PROVIDER, LocalDate.now(clock).plusYears(1)));
        }
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(caregivers.size());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                caregivers.size());
        java.util.List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
        for (UUID caregiver : caregivers) {
            answers.add(pool.submit(() -> {
                together.await();
                return post("/orders/" + order + "/dispatch", Map.of("caregiverId", caregiver), PROVIDER_ADMIN)
                        .getStatusCode().value();
            }));
        }
        java.util.List<Integer> statuses = new java.util.ArrayList<>();
        for (java.util.concurrent.Future<Integer> answer : answers) {
            statuses.add(answer.get(60, java.util.concurrent.TimeUnit.SECONDS));
        }
        pool.shutdown();

        assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
        assertThat(statuses).filteredOn(s -> s != 200).allMatch(s -> s == 409);
        UUID winner = jdbc.sql("SELECT caregiver_id FROM work_order WHERE id = ?").param(UUID.fromString(order))
                .query(UUID.class).single();
        assertThat(caregivers).contains(winner);
        await().atMost(PATIENCE).until(() -> EventProbe.readAll("eldercare.workorder.events", Duration.ofSeconds(1))
                .stream().filter(e -> e.type().equals("WorkOrderDispatched") && e.payload().toString().contains(order))
                .count() == 1);
    }

    private static Map<String, Object> assertion(java.security.KeyPair key, UUID terminal, String order, UUID elder,
            String score, Instant capturedAt) throws Exception {
        String nonce = UUID.randomUUID().toString();
        io.eldercare.workorder.visit.KioskAssertions.Assertion unsigned =
                new io.eldercare.workorder.visit.KioskAssertions.Assertion(terminal, UUID.fromString(order), elder,
                        new java.math.BigDecimal(score), capturedAt, nonce, null);
        java.security.Signature signer = java.security.Signature.getInstance("SHA256withECDSA");
        signer.initSign(key.getPrivate());
        signer.update(unsigned.signedText().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return Map.of("terminalId", terminal, "elderId", elder, "matchScore", new java.math.BigDecimal(score),
                "capturedAt", capturedAt.toString(), "nonce", nonce,
                "signature", java.util.Base64.getEncoder().encodeToString(signer.sign()));
    }

    private ResponseEntity<Map<String, Object>> confirm(String order, Map<String, Object> assertion, UUID caregiver) {
        return post("/orders/" + order + "/confirm/kiosk", assertion, caregiverToken(caregiver));
    }

    private static final io.eldercare.workorder.visit.Geofence.Point HOME =
            new io.eldercare.workorder.visit.Geofence.Point(30.8746, 114.3763);

    @Autowired
    io.eldercare.workorder.visit.Doors doors;

    private String acceptedVisit(UUID elder, UUID caregiver) {
        String order = (String) place(elder, PROVIDER, 1, null).getBody().get("id");
        post("/orders/" + order + "/dispatch", Map.of("caregiverId", caregiver), PROVIDER_ADMIN);
        post("/orders/" + order + "/accept", Map.of(), caregiverToken(caregiver));
        return order;
    }

    private ResponseEntity<Map<String, Object>> atTheDoor(String order, String step, String doorCode,
            io.eldercare.workorder.visit.Geofence.Point position, byte[] photo, UUID caregiver) {
        org.springframework.util.LinkedMultiValueMap<String, Object> form =
                new org.springframework.util.LinkedMultiValueMap<>();
        if (doorCode != null) {
            form.add("doorCode", doorCode);
        }
        form.add("latitude", Double.toString(position.latitude()));
        form.add("longitude", Double.toString(position.longitude()));
        form.add("photo", new org.springframework.core.io.ByteArrayResource(photo) {
            @Override
            public String getFilename() {
                return "door.png";
            }
        });
        return http.post().uri("/orders/" + order + "/" + step).contentType(MediaType.MULTIPART_FORM_DATA)
                .headers(h -> h.setBearerAuth(caregiverToken(caregiver))).body(form).retrieve()
                .toEntity(new ParameterizedTypeReference<>() { });
    }

    /**
     * Takes an order through its visit by a caregiver of its provider qualified for its item: offered, accepted,
     * checked in at the elder's door with its code and out again. Returns the caregiver.
     */
    private UUID checkedOutVisit(String order) throws java.io.IOException {
        return checkedOutVisit(order, Duration.ZERO);
    }

    /** As {@link #checkedOutVisit(String)}, the check-in made {@code lasting} before the check-out. */
    private UUID checkedOutVisit(String order, Duration lasting) throws java.io.IOException {
        record Ordered(UUID elder, UUID provider, String policy, String item) {
        }
        Ordered o = jdbc.sql("SELECT elder_id, provider_id, policy_code, item_code FROM work_order WHERE id = ?")
                .param(UUID.fromString(order)).query((rs, n) -> new Ordered(rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4))).single();
        if (doors.home(o.elder()).isEmpty()) {
            doors.setHome(o.elder(), HOME);
        }
        String code = doors.issueCode(o.elder()).orElseThrow();
        UUID caregiver = qualifiedCaregiver(o.provider(), o.policy(), List.of(o.item()),
                LocalDate.now(clock).plusYears(1));
        String providerAdmin = TestAuthority.get().token("admin-of-" + o.provider(), Map.of("role",
                "PROVIDER_ADMIN", "provider", o.provider(), "region", "HUANGPI"));
        assertThat(post("/orders/" + order + "/dispatch", Map.of("caregiverId", caregiver), providerAdmin)
                .getStatusCode().value()).isEqualTo(200);
        assertThat(post("/orders/" + order + "/accept", Map.of(), caregiverToken(caregiver)).getStatusCode().value())
                .isEqualTo(200);
        assertThat(atTheDoor(order, "check-in", code, HOME, photo(), caregiver).getBody())
                .containsEntry("status", "CHECKED_IN");
        jdbc.sql("UPDATE work_order SET checked_in_at = checked_in_at - ? * INTERVAL '1 second' WHERE id = ?")
                .params(lasting.toSeconds(), UUID.fromString(order)).update();
        assertThat(atTheDoor(order, "check-out", null, HOME, photo(), caregiver).getBody())
                .containsEntry("status", "CHECKED_OUT");
        return caregiver;
    }

    /** The elder signs on the caregiver's phone, the caregiver witnessing it. */
    private ResponseEntity<Map<String, Object>> witnessed(String order, UUID caregiver) throws java.io.IOException {
        org.springframework.util.LinkedMultiValueMap<String, Object> form =
                new org.springframework.util.LinkedMultiValueMap<>();
        form.add("reason", "fingers too weak for the reader; no kiosk in the village");
        form.add("signature", new org.springframework.core.io.ByteArrayResource(photo()) {
            @Override
            public String getFilename() {
                return "signature.png";
            }
        });
        return http.post().uri("/orders/" + order + "/confirm/witnessed").contentType(MediaType.MULTIPART_FORM_DATA)
                .headers(h -> h.setBearerAuth(caregiverToken(caregiver))).body(form).retrieve()
                .toEntity(new ParameterizedTypeReference<>() { });
    }

    /** A photo as a phone sends it (a small PNG, a new one each time). */
    private static byte[] photo() throws java.io.IOException {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(8, 8,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 3, java.util.concurrent.ThreadLocalRandom.current().nextInt());
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", png);
        return png.toByteArray();
    }

    /** A staff member of {@code provider} the catalog says may do haircuts under Huangpi's pack until {@code until}. */
    private UUID qualifiedCaregiver(UUID provider, LocalDate until) {
        return qualifiedCaregiver(provider, "HUANGPI-2020", List.of("HP-HAIRCUT", "HP-BATH"), until);
    }

    private UUID qualifiedCaregiver(UUID provider, String policy, List<String> items, LocalDate until) {
        UUID staff = UUID.randomUUID();
        EventProbe.publish(CATALOG_TOPIC, "catalog-service", new io.eldercare.events.StaffQualified(staff, provider,
                "CAREGIVER", policy, items, LocalDate.now(clock), until));
        await().atMost(PATIENCE).until(() -> jdbc.sql("SELECT count(*) FROM staff_copy WHERE staff_id = ?")
                .param(staff).query(Long.class).single() == 1);
        return staff;
    }

    /** The token of a caregiver of the provider whose staff they are (per the catalog's facts copied here). */
    private String caregiverToken(UUID staff) {
        UUID provider = jdbc.sql("SELECT provider_id FROM staff_copy WHERE staff_id = ? LIMIT 1").param(staff)
                .query(UUID.class).optional().orElse(PROVIDER);
        return TestAuthority.get().token("caregiver-" + staff, Map.of("role", "CAREGIVER", "provider", provider,
                "staff", staff, "region", "HUANGPI"));
    }

    private UUID approvedElder() {
        return approvedElder("HUANGPI-2020", "HP-DIBAO");
    }

    private UUID approvedElder(String policy, String category) {
        UUID elder = UUID.randomUUID();
        EventProbe.publish("eldercare.eligibility.events", "eligibility-service", new ApplicationApproved(
                UUID.randomUUID(), elder, policy, category, policy.startsWith("HUANGPI") ? "HP-QIANCHUAN-01"
                        : "JYG-XIONGGUAN-01", LocalDate.of(2024, 5, 1), Instant.now()));
        await().atMost(PATIENCE).until(() -> jdbc.sql("SELECT count(*) FROM elder WHERE elder_id = ?")
                .param(elder).query(Long.class).single() == 1);
        return elder;
    }

    private long ordersOf(UUID elder) {
        return jdbc.sql("SELECT count(*) FROM work_order WHERE elder_id = ?").param(elder).query(Long.class)
                .single();
    }

    private ResponseEntity<Map<String, Object>> place(UUID elder, UUID provider, int quantity, String key) {
        RestClient.RequestBodySpec request = http.post().uri("/orders").contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", key == null ? UUID.randomUUID().toString() : key);
        return request.body(Map.of("elderId", elder, "providerId", provider, "itemCode", "HP-HAIRCUT",
                "quantity", quantity)).retrieve().toEntity(new ParameterizedTypeReference<>() { });
    }

    private ResponseEntity<Map<String, Object>> post(String uri, Object body) {
        return http.post().uri(uri).contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString()).body(body).retrieve()
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
