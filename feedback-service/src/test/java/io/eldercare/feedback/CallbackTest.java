package io.eldercare.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eldercare.events.EventCodec;
import io.eldercare.events.EventEnvelope;
import io.eldercare.events.VisitConfirmed;
import io.eldercare.events.WorkOrderCompleted;
import io.eldercare.testsupport.EventProbe;
import io.eldercare.testsupport.ServiceTest;
import io.eldercare.testsupport.Contracts;
import io.eldercare.testsupport.TestAuthority;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;

/**
 * Callbacks against a real database and broker, with no catalog running: the packs reach the service as the
 * catalog's events (published here in its name, as its contract says).
 */
@ServiceTest
class CallbackTest {

    static {
        Contracts.publishEvents("catalog-facts", "eldercare.catalog.events", "catalog-service");
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aCompletedServiceIsCalledBackWithinFortyEightHoursOfCompletionOnce() {
        Instant completedAt = Instant.parse("2026-11-20T03:30:00Z");
        UUID order = UUID.randomUUID();
        EventEnvelope completion = EventProbe.publish("eldercare.workorder.events", "workorder-service",
                new WorkOrderCompleted(order, UUID.randomUUID(), UUID.randomUUID(), "HP-HAIRCUT", "HUANGPI-2020",
                        "PER_TIME", 2000, 1, 2000, 2000, 0, LocalDate.of(2026, 11, 20), completedAt, "FACE"));
        EventProbe.publishRaw("eldercare.workorder.events", completion.aggregateId(),
                new EventCodec().write(completion));

        RestClient http = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeaders(h -> h.setBearerAuth(TestAuthority.get().token("OPERATOR"))).build();
        await().atMost(Duration.ofSeconds(30)).until(() -> !callbacks(http, order).isEmpty());

        assertThat(callbacks(http, order)).singleElement().satisfies(c -> {
            assertThat(c).containsEntry("status", "OPEN");
            assertThat(Instant.parse((String) c.get("dueAt"))).isEqualTo(completedAt.plus(48, ChronoUnit.HOURS));
        });
        assertThat(jdbc.sql("SELECT count(*) FROM callback WHERE order_id = ?").param(order).query(Long.class)
                .single()).isEqualTo(1);
    }

    @Test
    void aVisitConfirmedByAWitnessedSignatureIsFlaggedAndListedBeforeEarlierCallbacks() {
        UUID faced = UUID.randomUUID();
        UUID signed = UUID.randomUUID();
        Instant earlier = Instant.parse("2026-11-20T02:00:00Z");
        EventProbe.publish("eldercare.workorder.events", "workorder-service", new WorkOrderCompleted(faced,
                UUID.randomUUID(), UUID.randomUUID(), "HP-HAIRCUT", "HUANGPI-2020", "PER_TIME", 2000, 1, 2000, 2000,
                0, LocalDate.of(2026, 11, 20), earlier, "FACE"));
        EventProbe.publish("eldercare.workorder.events", "workorder-service", new WorkOrderCompleted(signed,
                UUID.randomUUID(), UUID.randomUUID(), "HP-HAIRCUT", "HUANGPI-2020", "PER_TIME", 2000, 1, 2000, 2000,
                0, LocalDate.of(2026, 11, 20), earlier.plusSeconds(3600), "SIGNED_RECORD"));
        RestClient http = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeaders(h -> h.setBearerAuth(TestAuthority.get().token("OPERATOR"))).build();
        await().atMost(Duration.ofSeconds(30)).until(() -> !callbacks(http, signed).isEmpty()
                && !callbacks(http, faced).isEmpty());

        assertThat(callbacks(http, signed)).singleElement()
                .satisfies(c -> assertThat(c).containsEntry("flag", "WITNESSED_SIGNATURE"));
        assertThat(callbacks(http, faced)).singleElement().satisfies(c -> assertThat(c.get("flag")).isNull());
        List<Object> open = openCallbacks(http).stream().map(c -> c.get("orderId")).toList();
        assertThat(open.indexOf(signed.toString())).as("the flagged callback comes first, though due later")
                .isLessThan(open.indexOf(faced.toString()));
    }

    @Test
    void aHuangpiOperatorNeverSeesAJiayuguanCallback() {
        UUID order = UUID.randomUUID();
        EventProbe.publish("eldercare.workorder.events", "workorder-service", new WorkOrderCompleted(order,
                UUID.randomUUID(), UUID.randomUUID(), "JYG-LUNCH-DELIVERY", "JIAYUGUAN-2024", "PER_MEAL", 1200, 1,
                1500, 0, 1500, LocalDate.of(2026, 11, 20), Instant.parse("2026-11-20T04:00:00Z"), "FACE"));
        RestClient jiayuguan = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeaders(h -> h.setBearerAuth(TestAuthority.get().token("operator.jiayuguan",
                        Map.of("role", "OPERATOR", "region", "JIAYUGUAN")))).build();
        RestClient huangpi = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeaders(h -> h.setBearerAuth(TestAuthority.get().token("OPERATOR"))).build();
        await().atMost(Duration.ofSeconds(30)).until(() -> !callbacks(jiayuguan, order).isEmpty());

        assertThat(callbacks(jiayuguan, order)).as("its own region's call centre still calls back")
                .singleElement().satisfies(c -> assertThat(c).containsEntry("status", "OPEN"));
        assertThat(openCallbacks(jiayuguan)).extracting(c -> c.get("orderId")).contains(order.toString());
        assertThat(callbacks(huangpi, order)).as("another region's order has no callback for Huangpi").isEmpty();
        assertThat(openCallbacks(huangpi)).extracting(c -> c.get("orderId")).doesNotContain(order.toString());
        assertThat(jdbc.sql("SELECT region FROM callback WHERE order_id = ?").param(order).query(String.class)
                .single()).isEqualTo("JIAYUGUAN");
    }

    @Test
    void aWitnessedVisitIsCalledBackOnceConfirmedAndTheElderSWordIsAnnouncedOnce() {
        UUID order = UUID.randomUUID();
        UUID elder = UUID.randomUUID();
        Instant confirmedAt = Instant.parse("2026-11-20T06:00:00Z");
        EventProbe.publish("eldercare.workorder.events", "workorder-service", new VisitConfirmed(order, elder,
                UUID.randomUUID(), "HP-HAIRCUT", "HUANGPI-2020", LocalDate.of(2026, 11, 20), "WITNESSED_SIGNATURE",
                confirmedAt));
        RestClient http = operator(TestAuthority.get().token("OPERATOR"));
        await().atMost(Duration.ofSeconds(30)).until(() -> !callbacks(http, order).isEmpty());
        assertThat(http.get().uri("/callbacks?overdue=true").retrieve()
                .body(new ParameterizedTypeReference<List<Map<String, Object>>>() { }))
                .as("open past its 48 hours: listed as overdue").extracting(c -> c.get("orderId"))
                .contains(order.toString());
        assertThat(callbacks(http, order)).singleElement().satisfies(c -> {
            assertThat(c).containsEntry("flag", "WITNESSED_SIGNATURE").containsEntry("status", "OPEN")
                    .containsEntry("overdue", true);
            assertThat(Instant.parse((String) c.get("dueAt"))).as("due from the confirmation: it is not paid before")
                    .isEqualTo(confirmedAt.plus(48, ChronoUnit.HOURS));
        });

        Map<String, Object> unanswered = call(http, order, "NOT_REACHED").getBody();
        assertThat(unanswered).containsEntry("status", "OPEN").containsEntry("attempts", 1);
        assertThat(announced(order)).as("an unanswered call decides nothing").isZero();

        Map<String, Object> reached = call(http, order, "VISIT_CONFIRMED").getBody();
        assertThat(reached).containsEntry("status", "DONE").containsEntry("outcome", "VISIT_CONFIRMED")
                .containsEntry("attempts", 2).containsEntry("overdue", false);
        assertThat(http.get().uri("/callbacks?overdue=true").retrieve()
                .body(new ParameterizedTypeReference<List<Map<String, Object>>>() { }))
                .extracting(c -> c.get("orderId")).doesNotContain(order.toString());
        assertThat(announced(order)).isOne();
        assertThat(jdbc.sql("""
                SELECT CAST(envelope AS jsonb)->'payload'->>'outcome' || ' '
                       || (CAST(envelope AS jsonb)->'payload'->>'flag') FROM outbox_event
                WHERE event_type = 'CallbackCompleted' AND CAST(envelope AS jsonb)->'payload'->>'orderId' = ?""").param(order.toString())
                .query(String.class).single()).isEqualTo("VISIT_CONFIRMED WITNESSED_SIGNATURE");

        assertThat(call(http, order, "VISIT_DENIED").getStatusCode().value()).as("a callback is made once")
                .isEqualTo(409);
        assertThat(announced(order)).isOne();

        // the visit completes once the call confirmed it: its completion opens no second callback
        EventProbe.publish("eldercare.workorder.events", "workorder-service", new WorkOrderCompleted(order, elder,
                UUID.randomUUID(), "HP-HAIRCUT", "HUANGPI-2020", "PER_TIME", 2000, 1, 2000, 2000, 0,
                LocalDate.of(2026, 11, 20), confirmedAt.plusSeconds(7200), "SIGNED_RECORD"));
        UUID later = UUID.randomUUID();
        EventProbe.publish("eldercare.workorder.events", "workorder-service", new WorkOrderCompleted(later, elder,
                UUID.randomUUID(), "HP-HAIRCUT", "HUANGPI-2020", "PER_TIME", 2000, 1, 2000, 2000, 0,
                LocalDate.of(2026, 11, 20), confirmedAt.plusSeconds(7200), "FACE"));
        await().atMost(Duration.ofSeconds(30)).until(() -> !callbacks(http, later).isEmpty());
        assertThat(callbacks(http, order)).singleElement().satisfies(c -> assertThat(c)
                .containsEntry("status", "DONE"));
    }

    @Test
    void aCallIsRecordedOnlyByItsRegionsCallCentreWithAnOutcome() {
        UUID order = UUID.randomUUID();
        EventProbe.publish("eldercare.workorder.events", "workorder-service", new WorkOrderCompleted(order,
                UUID.randomUUID(), UUID.randomUUID(), "HP-HAIRCUT", "HUANGPI-2020", "PER_TIME", 2000, 1, 2000, 2000,
                0, LocalDate.of(2026, 11, 20), Instant.now(), "FACE"));
        RestClient huangpi = operator(TestAuthority.get().token("OPERATOR"));
        await().atMost(Duration.ofSeconds(30)).until(() -> !callbacks(huangpi, order).isEmpty());
        RestClient jiayuguan = operator(TestAuthority.get().token("operator.jiayuguan",
                Map.of("role", "OPERATOR", "region", "JIAYUGUAN")));

        assertThat(call(jiayuguan, order, "VISIT_CONFIRMED").getStatusCode().value()).isEqualTo(404);
        assertThat(call(operator(TestAuthority.get().token("PROVIDER_ADMIN")), order, "VISIT_CONFIRMED")
                .getStatusCode().value()).isEqualTo(403);
        assertThat(call(huangpi, order, "MAYBE").getStatusCode().value()).isEqualTo(400);
        assertThat(call(huangpi, UUID.randomUUID(), "VISIT_CONFIRMED").getStatusCode().value()).isEqualTo(404);
        assertThat(callbacks(huangpi, order)).singleElement().satisfies(c -> assertThat(c)
                .containsEntry("status", "OPEN").containsEntry("attempts", 0).containsEntry("overdue", false));
        assertThat(announced(order)).isZero();
        assertThat(call(huangpi, order, "VISIT_CONFIRMED").getBody()).containsEntry("status", "DONE");
    }

    private long announced(UUID order) {
        return jdbc.sql("""
                SELECT count(*) FROM outbox_event
                WHERE event_type = 'CallbackCompleted' AND CAST(envelope AS jsonb)->'payload'->>'orderId' = ?""")
                .param(order.toString()).query(Long.class).single();
    }

    private RestClient operator(String token) {
        return RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultStatusHandler(s -> s.value() >= 400 && s.value() != 500, (request, response) -> { })
                .defaultHeaders(h -> h.setBearerAuth(token)).build();
    }

    private static org.springframework.http.ResponseEntity<Map<String, Object>> call(RestClient http, UUID order,
            String outcome) {
        return http.post().uri("/callbacks/{order}/calls", order)
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .body(Map.of("outcome", outcome, "note", "spoke to the daughter")).retrieve()
                .toEntity(new ParameterizedTypeReference<>() { });
    }

    @Test
    void callbacksAreForTheCallCentreNotForProviders() {
        int status = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultStatusHandler(s -> true, (request, response) -> { }).build()
                .get().uri("/callbacks").headers(h -> h.setBearerAuth(TestAuthority.get().token("PROVIDER_ADMIN")))
                .retrieve().toBodilessEntity().getStatusCode().value();

        assertThat(status).isEqualTo(403);
    }

    private static List<Map<String, Object>> openCallbacks(RestClient http) {
        return http.get().uri("/callbacks").retrieve().body(new ParameterizedTypeReference<>() { });
    }

    private static List<Map<String, Object>> callbacks(RestClient http, UUID order) {
        return http.get().uri("/callbacks?orderId={order}", order).retrieve()
                .body(new ParameterizedTypeReference<>() { });
    }
}
