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

/** Who makes the visit: sent by the provider, accepted or declined by the caregiver it was offered to, her live list. */
@ServiceTest
class DispatchTest extends WorkorderTest {

    /** A visit the provider offered to {@code caregiver}. */
    private String offeredTo(UUID caregiver) {
        String order = (String) place(approvedElder(), PROVIDER, 1, null).getBody().get("id");
        post("/orders/" + order + "/dispatch", Map.of("caregiverId", caregiver), PROVIDER_ADMIN);
        return order;
    }

    @Test
    void aProviderOffersAVisitToItsQualifiedCaregiverWhoMayAcceptIt() {
        UUID caregiver = qualifiedCaregiver(PROVIDER, LocalDate.now(clock).plusYears(1));
        String order = (String) place(approvedElder(), PROVIDER, 1, null).getBody().get("id");

        ResponseEntity<Map<String, Object>> dispatched = post("/orders/" + order + "/dispatch",
                Map.of("caregiverId", caregiver), PROVIDER_ADMIN);

        assertThat(dispatched.getStatusCode().value()).isEqualTo(200);
        assertThat(dispatched.getBody()).containsEntry("status", "DISPATCHED")
                .containsEntry("caregiverId", caregiver.toString());
        assertThat(http.get().uri("/orders/assigned").headers(h -> h.setBearerAuth(caregiverToken(caregiver)))
                .retrieve().body(new ParameterizedTypeReference<java.util.List<Map<String, Object>>>() { }))
                .extracting(o -> o.get("id")).containsExactly(order);
        ResponseEntity<Map<String, Object>> accepted = post("/orders/" + order + "/accept", Map.of(),
                caregiverToken(caregiver));
        assertThat(accepted.getBody()).containsEntry("status", "ACCEPTED");
    }

    @Test
    void aVisitOfferedToOneCaregiverIsNeitherSeenNorTakenByAnother() {
        UUID caregiver = qualifiedCaregiver(PROVIDER, LocalDate.now(clock).plusYears(1));
        UUID colleague = qualifiedCaregiver(PROVIDER, LocalDate.now(clock).plusYears(1));
        String order = offeredTo(caregiver);

        assertThat(get("/orders/" + order, caregiverToken(colleague)).getStatusCode().value())
                .as("another caregiver does not see it").isEqualTo(404);
        assertThat(post("/orders/" + order + "/accept", Map.of(), caregiverToken(colleague)).getStatusCode().value())
                .as("nor takes it").isEqualTo(404);
        assertThat(get("/orders/" + order, PROVIDER_ADMIN).getBody()).containsEntry("status", "DISPATCHED")
                .containsEntry("caregiverId", caregiver.toString());
    }

    @Test
    void aVisitIsAcceptedOnce() {
        UUID caregiver = qualifiedCaregiver(PROVIDER, LocalDate.now(clock).plusYears(1));
        String order = offeredTo(caregiver);
        post("/orders/" + order + "/accept", Map.of(), caregiverToken(caregiver));

        assertThat(post("/orders/" + order + "/accept", Map.of(), caregiverToken(caregiver)).getStatusCode().value())
                .as("accepted once").isEqualTo(409);
    }

    @Test
    void theOfferAndTheAcceptanceOfAVisitAreEvents() {
        UUID caregiver = qualifiedCaregiver(PROVIDER, LocalDate.now(clock).plusYears(1));
        String order = offeredTo(caregiver);
        post("/orders/" + order + "/accept", Map.of(), caregiverToken(caregiver));

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
    void aDeclinedVisitWaitsForAnotherCaregiver() {
        UUID caregiver = qualifiedCaregiver(PROVIDER, LocalDate.now(clock).plusYears(1));
        UUID colleague = qualifiedCaregiver(PROVIDER, LocalDate.now(clock).plusYears(1));
        String order = offeredTo(caregiver);

        ResponseEntity<Map<String, Object>> declined = post("/orders/" + order + "/decline",
                Map.of("reason", "生病"), caregiverToken(caregiver));

        assertThat(declined.getBody()).containsEntry("status", "CREATED").containsEntry("caregiverId", null);
        assertThat(post("/orders/" + order + "/accept", Map.of(), caregiverToken(caregiver)).getStatusCode().value())
                .as("no longer offered to them").isEqualTo(404);
        ResponseEntity<Map<String, Object>> offeredAgain = post("/orders/" + order + "/dispatch",
                Map.of("caregiverId", colleague), PROVIDER_ADMIN);
        assertThat(offeredAgain.getBody()).containsEntry("status", "DISPATCHED")
                .containsEntry("caregiverId", colleague.toString());
    }

    @Test
    void aCancelledOrderIsNeverSent() {
        UUID caregiver = qualifiedCaregiver(PROVIDER, LocalDate.now(clock).plusYears(1));
        String order = offeredTo(caregiver);

        post("/orders/" + order + "/cancel", Map.of("reason", "elder away"), OPERATOR);

        ResponseEntity<Map<String, Object>> afterCancel = post("/orders/" + order + "/dispatch",
                Map.of("caregiverId", caregiver), PROVIDER_ADMIN);
        assertThat(afterCancel.getStatusCode().value()).isEqualTo(409);
        assertThat(afterCancel.getBody()).containsEntry("type", "https://eldercare.io/problems/order-not-open");
        assertThat(get("/orders/" + order, PROVIDER_ADMIN).getBody()).containsEntry("status", "CANCELLED");
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
        UUID winner = jdbc.sql("SELECT caregiver_id FROM visit WHERE order_id = ?").param(UUID.fromString(order))
                .query(UUID.class).single();
        assertThat(caregivers).contains(winner);
        await().atMost(PATIENCE).until(() -> EventProbe.readAll("eldercare.workorder.events", Duration.ofSeconds(1))
                .stream().filter(e -> e.type().equals("WorkOrderDispatched") && e.payload().toString().contains(order))
                .count() == 1);
    }
}
