package io.eldercare.workorder.dispatch;


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

/** Matching: the best candidate first, the next on a decline or no answer, escalation, and many instances at once. */
@ServiceTest
class MatchingTest extends WorkorderTest {

    /**
     * A provider's caregivers for a visit waiting today: one whose last visit today was 300 m from the elder, one 5 km
     * away, one on leave.
     */
    private record Team(UUID provider, UUID near, UUID far, UUID onLeave, UUID order) {
    }

    private Team team() {
        UUID provider = UUID.randomUUID();
        LocalDate until = LocalDate.now(clock).plusYears(1);
        UUID far = qualifiedCaregiver(provider, until);
        UUID near = qualifiedCaregiver(provider, until);
        UUID onLeave = qualifiedCaregiver(provider, until);
        assertThat(post("/orders/caregiver-unavailability", Map.of("from", LocalDate.now(clock).toString(), "to",
                LocalDate.now(clock).plusDays(2).toString()), caregiverToken(onLeave)).getStatusCode().value())
                .isEqualTo(201);
        UUID elder = approvedElder();
        homes.setHome(elder, HOME);
        // where each is now: the home of her last visit today, 5 km and 300 m away
        visitedToday(far, io.eldercare.workorder.elder.Geofence.destination(HOME, 0, 5000));
        visitedToday(near, io.eldercare.workorder.elder.Geofence.destination(HOME, 90, 300));
        return new Team(provider, near, far, onLeave, storedOrder(elder, "HELD", LocalDate.now(clock),
                Duration.ZERO, provider));
    }

    /** The offer of the order was made eleven minutes ago. */
    private void offeredElevenMinutesAgo(UUID order) {
        jdbc.sql("UPDATE visit SET dispatched_at = dispatched_at - INTERVAL '11 minutes' WHERE order_id = ?")
                .param(order).update();
    }

    @Test
    void matchingOffersTheNearestAvailableCaregiver() {
        Team team = team();

        assertThat(matching.offerNow(team.order())).isTrue();

        assertThat(caregiverOf(team.order())).as("the nearest").isEqualTo(team.near());
    }

    @Test
    void aDeclinedVisitIsOfferedToTheNextCaregiverNeverToTheOneWhoDeclined() {
        Team team = team();
        matching.offerNow(team.order());

        assertThat(post("/orders/" + team.order() + "/decline", Map.of("reason", "stuck in traffic"),
                caregiverToken(team.near())).getStatusCode().value()).isEqualTo(200);

        assertThat(matching.offerNow(team.order())).isTrue();
        assertThat(caregiverOf(team.order())).as("the next, never the one who declined").isEqualTo(team.far());
    }

    @Test
    void anOfferLeftUnansweredForTenMinutesIsTakenBack() {
        Team team = team();
        UUID order = team.order();
        matching.offerNow(order);
        offeredElevenMinutesAgo(order);

        assertThat(matching.expireOffers()).isPositive();

        assertThat(get("/orders/" + order, OPERATOR).getBody()).containsEntry("status", "CREATED");
        assertThat(jdbc.sql("SELECT outcome FROM dispatch_offer WHERE order_id = ? ORDER BY offered_at")
                .param(order).query(String.class).list()).containsExactly("TIMED_OUT");
        await().atMost(PATIENCE).until(() -> EventProbe.readAll("eldercare.workorder.events", Duration.ofSeconds(1))
                .stream().filter(e -> e.type().equals("WorkOrderDeclined")
                        && e.payload().toString().contains(order.toString()))
                .anyMatch(e -> e.payload().toString().contains("no answer within 10 minutes")));
    }

    @Test
    void whenNobodyIsLeftTheVisitWaitsForItsProvidersAdministratorWhoMaySendAnyoneQualified() {
        Team team = team();
        UUID order = team.order();
        matching.offerNow(order);
        post("/orders/" + order + "/decline", Map.of("reason", "stuck in traffic"), caregiverToken(team.near()));
        matching.offerNow(order);
        offeredElevenMinutesAgo(order);
        matching.expireOffers();

        assertThat(matching.offerNow(order)).as("nobody is left: the one on leave is passed over").isFalse();

        String providerAdmin = TestAuthority.get().token("admin-" + team.provider(), Map.of("role",
                "PROVIDER_ADMIN", "provider", team.provider(), "region", "HUANGPI"));
        assertThat(http.get().uri("/orders/unassigned").headers(h -> h.setBearerAuth(providerAdmin)).retrieve()
                .body(new ParameterizedTypeReference<List<Map<String, Object>>>() { }))
                .extracting(o -> o.get("id")).containsExactly(order.toString());
        assertThat(post("/orders/" + order + "/dispatch", Map.of("caregiverId", team.near()), providerAdmin)
                .getBody()).as("the administrator may still send anyone qualified")
                .containsEntry("status", "DISPATCHED");
        assertThat(jdbc.sql("SELECT outcome FROM dispatch_offer WHERE order_id = ? ORDER BY offered_at")
                .param(order).query(String.class).list()).containsExactly("TIMED_OUT", null);
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
        jdbc.sql("""
                INSERT INTO visit (order_id) SELECT id FROM work_order w WHERE w.provider_id = ?
                  AND NOT EXISTS (SELECT 1 FROM visit v WHERE v.order_id = w.id)""").param(provider).update();
        org.springframework.context.ConfigurableApplicationContext second =
                new org.springframework.boot.builder.SpringApplicationBuilder(
                        io.eldercare.workorder.WorkorderApplication.class)
                        .initializers(new io.eldercare.testsupport.ServiceTestInfrastructure())
                        .properties("server.port=0", "eldercare.dispatch.automatic=false",
                                "eldercare.clients.wallet-service.url=" + WALLET.url())
                        .run();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            io.eldercare.workorder.dispatch.Matching other = second.getBean(io.eldercare.workorder.dispatch.Matching.class);
            assertThat(other).isNotSameAs(matching);
            java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(4);
            List<java.util.concurrent.Future<Integer>> passes = new java.util.ArrayList<>();
            for (io.eldercare.workorder.dispatch.Matching instance : List.of(matching, other, matching, other)) {
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
                SELECT max(n) FROM (SELECT count(*) AS n FROM work_order w JOIN visit v ON v.order_id = w.id
                WHERE w.provider_id = ? GROUP BY v.caregiver_id) per_caregiver""").param(provider).query(Long.class).single())
                .as("spread by the day's load: nobody above the day's maximum").isLessThanOrEqualTo(16);
    }
}
