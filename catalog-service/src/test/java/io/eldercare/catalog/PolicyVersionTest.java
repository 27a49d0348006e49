package io.eldercare.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eldercare.events.EventEnvelope;
import io.eldercare.events.PolicyPublished;
import io.eldercare.testsupport.EventProbe;
import io.eldercare.testsupport.ServiceTest;
import io.eldercare.testsupport.TestAuthority;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

/** Packs are versioned and effective-dated: a change takes effect on a later date, never backwards; history kept. */
@ServiceTest
class PolicyVersionTest {

    @LocalServerPort
    int port;
    @Autowired
    Clock clock;
    RestClient http;

    @BeforeEach
    void client() {
        http = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { }).build();
    }

    @Test
    void aNewVersionTakesEffectOnItsDateAndTheOldOneStillAnswersForEarlierDays() {
        LocalDate from = LocalDate.now(clock).plusYears(3).withDayOfMonth(1);

        ResponseEntity<Map<String, Object>> published = publish(from, 8000, TestAuthority.get().token(
                "DISTRICT_ADMIN"));

        assertThat(published.getStatusCode().value()).isEqualTo(201);
        int version = (Integer) published.getBody().get("version");
        assertThat(policyOn(from)).containsEntry("offlineMonthlyAllowanceFen", 8000).containsEntry("version", version);
        assertThat(policyOn(from.minusDays(1))).containsEntry("offlineMonthlyAllowanceFen", 7000)
                .containsEntry("version", version - 1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<EventEnvelope> events = EventProbe.readAll("eldercare.catalog.events", Duration.ofSeconds(1));
            assertThat(events).extracting(EventProbe::payload)
                    .contains(new PolicyPublished("HUANGPI-2020", version, "HUANGPI", from, 8000, 3000, "ANNIVERSARY",
                            48, "HALF_HOUR_UP", 0, null, null, null));
        });
    }

    @Test
    void aChangeCannotTakeEffectBackwardsOrBeforeTheLatestVersion() {
        String admin = TestAuthority.get().token("DISTRICT_ADMIN");

        ResponseEntity<Map<String, Object>> backwards = publish(LocalDate.now(clock), 9000, admin);
        ResponseEntity<Map<String, Object>> beforeLatest = publish(LocalDate.of(2020, 5, 1), 9000, admin);

        assertThat(backwards.getStatusCode().value()).isEqualTo(422);
        assertThat(backwards.getBody()).containsEntry("type",
                "https://eldercare.io/problems/effective-date-not-future");
        assertThat(beforeLatest.getStatusCode().value()).isEqualTo(422);
        assertThat(policyOn(LocalDate.now(clock))).containsEntry("offlineMonthlyAllowanceFen", 7000);
    }

    @Test
    void onlyTheBureauPublishesRules() {
        ResponseEntity<Map<String, Object>> byProvider = publish(LocalDate.now(clock).plusYears(5), 100000,
                TestAuthority.get().token("PROVIDER_ADMIN"));

        assertThat(byProvider.getStatusCode().value()).isEqualTo(403);
    }

    private ResponseEntity<Map<String, Object>> publish(LocalDate from, long allowance, String token) {
        Map<String, Object> body = new HashMap<>(Map.of("effectiveFrom", from.toString(),
                "offlineMonthlyAllowanceFen", allowance, "onlineMonthlyFeeFen", 3000, "resetRule", "ANNIVERSARY",
                "callbackDueHours", 48, "hourlyRounding", "HALF_HOUR_UP", "selfPayDiscountBps", 0));
        return http.post().uri("/policies/HUANGPI-2020/versions").contentType(MediaType.APPLICATION_JSON)
                .headers(h -> h.setBearerAuth(token)).body(body).retrieve()
                .toEntity(new ParameterizedTypeReference<>() { });
    }

    private Map<String, Object> policyOn(LocalDate day) {
        return http.get().uri("/policies/HUANGPI-2020?on=" + day).retrieve()
                .body(new ParameterizedTypeReference<>() { });
    }
}
