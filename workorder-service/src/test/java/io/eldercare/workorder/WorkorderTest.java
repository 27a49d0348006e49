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
 * The dispatch service against a real database and broker, with no catalog running: packs, prices and contracts
 * reach the service as the catalog's events (published here in its name, as its contract says), and orders are
 * quoted and providers checked from the service's own copies. The wallet answers from a small HTTP server here, as
 * its contract says (its own rules are tested in its module, and everything together in the system tests).
 */
@ServiceTest
public abstract class WorkorderTest {

    protected static final String CATALOG_TOPIC = "eldercare.catalog.events";
    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static final AtomicInteger HOLDS = new AtomicInteger();
    protected static final AtomicBoolean WALLET_DOWN = new AtomicBoolean();
    protected static final AtomicBoolean WALLET_HANGS = new AtomicBoolean();
    /** The wallet answers WAITING: the order's month is not credited yet. */
    protected static final AtomicBoolean WALLET_WAITS = new AtomicBoolean();
    protected static final UUID PROVIDER = UUID.randomUUID();
    protected static final UUID UNCONTRACTED = UUID.randomUUID();
    /** A Jiayuguan-like pack whose meal orders close at midnight: today's lunch is always too late. */
    protected static final String MIDNIGHT = "JIAYUGUAN-MIDNIGHT";
    /** Huangpi's pack with a tighter geofence (50 m), as a bureau may set it. */
    protected static final String TIGHT = "HUANGPI-TIGHT";
    protected static final AtomicReference<String> LAST_HOLD = new AtomicReference<>();
    protected static final StubHttpServer WALLET = wallet();
    protected static final Duration PATIENCE = Duration.ofSeconds(30);

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
    protected static void contract(String policy, List<String> items, String community) {
        EventProbe.publish(CATALOG_TOPIC, "catalog-service", new ProviderContracted(PROVIDER, UUID.randomUUID(),
                policy, LocalDate.of(2020, 1, 1), LocalDate.of(2099, 12, 31), items, List.of(community)));
    }

    /** The wallet's answers: the contract's for a delivered lunch, else everything up to 50 yuan subsidised. */
    protected static StubHttpServer wallet() {
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
    protected int port;
    @Autowired
    protected JdbcClient jdbc;
    @Autowired
    protected java.time.Clock clock;
    @Autowired
    protected Quotes quotes;
    @Autowired
    protected io.eldercare.workorder.order.OrderService orderService;
    protected RestClient http;

    protected static final String OPERATOR = TestAuthority.get().token("OPERATOR");
    protected static final String JIAYUGUAN_OPERATOR = TestAuthority.get().token("operator.jiayuguan",
            Map.of("role", "OPERATOR", "region", "JIAYUGUAN"));
    protected static final String PROVIDER_ADMIN = TestAuthority.get().token("provider.admin",
            Map.of("role", "PROVIDER_ADMIN", "provider", PROVIDER));

    @org.junit.jupiter.api.AfterEach
    protected void walletAnswersAgain() {
        WALLET_DOWN.set(false);
        WALLET_HANGS.set(false);
        WALLET_WAITS.set(false);
    }

    @BeforeEach
    protected void client() {
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

    protected ResponseEntity<Map<String, Object>> lunch(UUID elder, LocalDate day) {
        return lunch(elder, day, "JYG-LUNCH-DELIVERY");
    }

    protected ResponseEntity<Map<String, Object>> lunch(UUID elder, LocalDate day, String item) {
        // Jiayuguan's lunches, placed by Jiayuguan's call centre
        return http.post().uri("/orders").contentType(MediaType.APPLICATION_JSON)
                .headers(h -> h.setBearerAuth(JIAYUGUAN_OPERATOR))
                .header("Idempotency-Key", UUID.randomUUID().toString()).body(Map.of("elderId", elder,
                "providerId", PROVIDER, "itemCode", item, "quantity", 1, "serviceDate", day.toString()))
                .retrieve().toEntity(new ParameterizedTypeReference<>() { });
    }

    /** An order stored awaiting the wallet's answer {@code ago}, as a process that died after asking leaves it. */
    protected UUID orderAwaitingTheWallet(UUID elder, Duration ago) {
        return storedOrder(elder, "PENDING", LocalDate.now(clock), ago);
    }

    /** An order as this service stores it, with what it asked the wallet. */
    protected UUID storedOrder(UUID elder, String funding, LocalDate day, Duration ago) {
        return storedOrder(elder, funding, day, ago, PROVIDER);
    }

    protected UUID storedOrder(UUID elder, String funding, LocalDate day, Duration ago, UUID provider) {
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
        jdbc.sql("INSERT INTO visit (order_id) VALUES (?)").param(order).update();
        return order;
    }

    /** The call centre reached the elder (the feedback service's event, published here in its name). */
    protected UUID calledBack(String order, String outcome) {
        Map<String, Object> view = get("/orders/" + order, OPERATOR).getBody();
        return EventProbe.publish("eldercare.feedback.events", "feedback-service", new io.eldercare.events.CallbackCompleted(
                UUID.fromString(order), UUID.fromString((String) view.get("elderId")),
                UUID.fromString((String) view.get("providerId")), outcome, "WITNESSED_SIGNATURE", Instant.now()))
                .eventId();
    }

    /** The elder signs, the caregiver witnessing, and the call centre's callback confirms the visit: then it is paid. */
    protected Map<String, Object> witnessedAndCalledBack(String order, UUID caregiver) throws java.io.IOException {
        ResponseEntity<Map<String, Object>> confirmed = witnessed(order, caregiver);
        if (!"CONFIRMED".equals(confirmed.getBody().get("status"))) {
            return confirmed.getBody();
        }
        calledBack(order, "VISIT_CONFIRMED");
        await().atMost(PATIENCE).until(() -> !"CONFIRMED".equals(get("/orders/" + order, OPERATOR).getBody()
                .get("status")));
        return get("/orders/" + order, OPERATOR).getBody();
    }

    protected long completions(String order) {
        return jdbc.sql("SELECT count(*) FROM outbox_event WHERE event_type = 'WorkOrderCompleted'"
                + " AND CAST(envelope AS jsonb)->'payload'->>'orderId' = ?").param(order).query(Long.class).single();
    }

    /** The one exception of a visit, of the reason given (as the bureau's queue lists it). */
    protected Map<String, Object> onlyException(String order, String reason) {
        List<Map<String, Object>> queue = http.get().uri("/visit-exceptions")
                .headers(h -> h.setBearerAuth(TestAuthority.get().token("DISTRICT_ADMIN"))).retrieve()
                .body(new ParameterizedTypeReference<>() { });
        assertThat(queue).filteredOn(e -> order.equals(e.get("orderId"))).extracting(e -> e.get("reason"))
                .containsExactly(reason);
        return queue.stream().filter(e -> order.equals(e.get("orderId"))).findFirst().orElseThrow();
    }

    @Autowired
    protected io.eldercare.workorder.dispatch.Matching matching;

    /** The next event's data line of a stream, waiting at most ten seconds. */
    protected static String nextData(java.util.concurrent.BlockingQueue<String> lines) throws InterruptedException {
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
    protected io.eldercare.workorder.agreement.Agreements agreements;

    protected void visitedToday(UUID caregiver, io.eldercare.workorder.elder.Geofence.Point where) {
        UUID elder = approvedElder();
        homes.setHome(elder, where);
        UUID visit = storedOrder(elder, "HELD", LocalDate.now(clock), Duration.ofHours(2));
        jdbc.sql("""
                UPDATE visit SET caregiver_id = ?, dispatched_at = now(), checked_in_at = now() - INTERVAL '1 hour',
                  checked_out_at = now() WHERE order_id = ?""")
                .params(caregiver, visit).update();
        jdbc.sql("UPDATE work_order SET status = 'CHECKED_OUT' WHERE id = ?").param(visit).update();
    }

    protected UUID caregiverOf(UUID order) {
        return jdbc.sql("SELECT caregiver_id FROM visit WHERE order_id = ?").param(order).query(UUID.class).single();
    }

    /** A challenge for the elder's passkey bound to the visit. */
    protected String challenge(String order, String token) {
        return (String) post("/orders/" + order + "/confirm/webauthn/options", Map.of(), token).getBody()
                .get("challenge");
    }

    protected static Map<String, Object> assertion(java.security.KeyPair key, UUID terminal, String order, UUID elder,
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

    protected ResponseEntity<Map<String, Object>> confirm(String order, Map<String, Object> assertion, UUID caregiver) {
        return post("/orders/" + order + "/confirm/kiosk", assertion, caregiverToken(caregiver));
    }

    protected static final io.eldercare.workorder.elder.Geofence.Point HOME =
            new io.eldercare.workorder.elder.Geofence.Point(30.8746, 114.3763);

    @Autowired
    protected io.eldercare.workorder.visit.Doors doors;

    protected String acceptedVisit(UUID elder, UUID caregiver) {
        String order = (String) place(elder, PROVIDER, 1, null).getBody().get("id");
        post("/orders/" + order + "/dispatch", Map.of("caregiverId", caregiver), PROVIDER_ADMIN);
        post("/orders/" + order + "/accept", Map.of(), caregiverToken(caregiver));
        return order;
    }

    protected ResponseEntity<Map<String, Object>> atTheDoor(String order, String step, String doorCode,
            io.eldercare.workorder.elder.Geofence.Point position, byte[] photo, UUID caregiver) {
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
    protected UUID checkedOutVisit(String order) throws java.io.IOException {
        return checkedOutVisit(order, Duration.ZERO);
    }

    /** As {@link #checkedOutVisit(String)}, the check-in made {@code lasting} before the check-out. */
    protected UUID checkedOutVisit(String order, Duration lasting) throws java.io.IOException {
        record Ordered(UUID elder, UUID provider, String policy, String item) {
        }
        Ordered o = jdbc.sql("SELECT elder_id, provider_id, policy_code, item_code FROM work_order WHERE id = ?")
                .param(UUID.fromString(order)).query((rs, n) -> new Ordered(rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4))).single();
        if (homes.home(o.elder()).isEmpty()) {
            homes.setHome(o.elder(), HOME);
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
        jdbc.sql("UPDATE visit SET checked_in_at = checked_in_at - ? * INTERVAL '1 second' WHERE order_id = ?")
                .params(lasting.toSeconds(), UUID.fromString(order)).update();
        assertThat(atTheDoor(order, "check-out", null, HOME, photo(), caregiver).getBody())
                .containsEntry("status", "CHECKED_OUT");
        return caregiver;
    }

    /** The elder signs on the caregiver's phone, the caregiver witnessing it. */
    protected ResponseEntity<Map<String, Object>> witnessed(String order, UUID caregiver) throws java.io.IOException {
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
    protected static byte[] photo() throws java.io.IOException {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(8, 8,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 3, java.util.concurrent.ThreadLocalRandom.current().nextInt());
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", png);
        return png.toByteArray();
    }

    /** A staff member of {@code provider} the catalog says may do haircuts under Huangpi's pack until {@code until}. */
    protected UUID qualifiedCaregiver(UUID provider, LocalDate until) {
        return qualifiedCaregiver(provider, "HUANGPI-2020", List.of("HP-HAIRCUT", "HP-BATH"), until);
    }

    protected UUID qualifiedCaregiver(UUID provider, String policy, List<String> items, LocalDate until) {
        UUID staff = UUID.randomUUID();
        EventProbe.publish(CATALOG_TOPIC, "catalog-service", new io.eldercare.events.StaffQualified(staff, provider,
                "CAREGIVER", policy, items, LocalDate.now(clock), until));
        await().atMost(PATIENCE).until(() -> jdbc.sql("SELECT count(*) FROM staff_copy WHERE staff_id = ?")
                .param(staff).query(Long.class).single() == 1);
        return staff;
    }

    /** The token of a caregiver of the provider whose staff they are (per the catalog's facts copied here). */
    protected String caregiverToken(UUID staff) {
        UUID provider = jdbc.sql("SELECT provider_id FROM staff_copy WHERE staff_id = ? LIMIT 1").param(staff)
                .query(UUID.class).optional().orElse(PROVIDER);
        return TestAuthority.get().token("caregiver-" + staff, Map.of("role", "CAREGIVER", "provider", provider,
                "staff", staff, "region", "HUANGPI"));
    }

    protected UUID approvedElder() {
        return approvedElder("HUANGPI-2020", "HP-DIBAO");
    }

    protected UUID approvedElder(String policy, String category) {
        UUID elder = UUID.randomUUID();
        EventProbe.publish("eldercare.eligibility.events", "eligibility-service", new ApplicationApproved(
                UUID.randomUUID(), elder, policy, category, policy.startsWith("HUANGPI") ? "HP-QIANCHUAN-01"
                        : "JYG-XIONGGUAN-01", LocalDate.of(2024, 5, 1), Instant.now()));
        await().atMost(PATIENCE).until(() -> jdbc.sql("SELECT count(*) FROM elder WHERE elder_id = ?")
                .param(elder).query(Long.class).single() == 1);
        return elder;
    }

    protected long ordersOf(UUID elder) {
        return jdbc.sql("SELECT count(*) FROM work_order WHERE elder_id = ?").param(elder).query(Long.class)
                .single();
    }

    protected ResponseEntity<Map<String, Object>> place(UUID elder, UUID provider, int quantity, String key) {
        RestClient.RequestBodySpec request = http.post().uri("/orders").contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", key == null ? UUID.randomUUID().toString() : key);
        return request.body(Map.of("elderId", elder, "providerId", provider, "itemCode", "HP-HAIRCUT",
                "quantity", quantity)).retrieve().toEntity(new ParameterizedTypeReference<>() { });
    }

    protected ResponseEntity<Map<String, Object>> post(String uri, Object body) {
        return http.post().uri(uri).contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString()).body(body).retrieve()
                .toEntity(new ParameterizedTypeReference<>() { });
    }

    protected ResponseEntity<Map<String, Object>> post(String uri, Object body, String token) {
        return http.post().uri(uri).contentType(MediaType.APPLICATION_JSON).headers(h -> h.setBearerAuth(token))
                .body(body).retrieve().toEntity(new ParameterizedTypeReference<>() { });
    }

    protected ResponseEntity<Map<String, Object>> get(String uri, String token) {
        return http.get().uri(uri).headers(h -> h.setBearerAuth(token)).retrieve()
                .toEntity(new ParameterizedTypeReference<>() { });
    }

    @Autowired
    protected io.eldercare.workorder.order.OrderFunding funding;
    @Autowired
    protected io.eldercare.workorder.exceptions.ExceptionDecisions decisions;
    @Autowired
    protected io.eldercare.workorder.elder.Homes homes;
}
