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
        assertThat(policyOn(from)).containsEntry("version", version);
        assertThat(rulesOn(from)).containsEntry("offlineMonthlyAllowanceFen", 8000);
        assertThat(policyOn(from.minusDays(1))).containsEntry("version", version - 1);
        assertThat(rulesOn(from.minusDays(1))).containsEntry("offlineMonthlyAllowanceFen", 7000);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<EventEnvelope> events = EventProbe.readAll("eldercare.catalog.events", Duration.ofSeconds(1));
            // the whole version: every rule and every category, so that no consumer needs to ask the catalog
            assertThat(events).extracting(EventProbe::payload).filteredOn(PolicyPublished.class::isInstance)
                    .map(PolicyPublished.class::cast)
                    .filteredOn(p -> p.policyCode().equals("HUANGPI-2020") && p.version() == version)
                    .singleElement().satisfies(p -> {
                        assertThat(p.effectiveFrom()).isEqualTo(from);
                        assertThat(p.rules().offlineMonthlyAllowanceFen()).isEqualTo(8000);
                        assertThat(p.rules().resetRule()).isEqualTo(io.eldercare.events.ResetRule.ANNIVERSARY);
                        assertThat(p.rules().callbackDueHours()).isEqualTo(48);
                        assertThat(p.categories()).extracting(PolicyPublished.Category::code)
                                .contains("HP-DIBAO", "HP-AGED80");
                    });
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
        assertThat(rulesOn(LocalDate.now(clock))).containsEntry("offlineMonthlyAllowanceFen", 7000);
    }

    @Test
    void aRegionsBureauPublishesOnlyItsOwnRegionsRules() {
        String jiayuguanAdmin = TestAuthority.get().token("admin.jiayuguan", Map.of("role", "DISTRICT_ADMIN",
                "region", "JIAYUGUAN"));

        ResponseEntity<Map<String, Object>> huangpiByJiayuguan = publish(LocalDate.now(clock).plusYears(6), 100000,
                jiayuguanAdmin);

        assertThat(huangpiByJiayuguan.getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void onlyTheBureauPublishesRules() {
        ResponseEntity<Map<String, Object>> byProvider = publish(LocalDate.now(clock).plusYears(5), 100000,
                TestAuthority.get().token("PROVIDER_ADMIN"));

        assertThat(byProvider.getStatusCode().value()).isEqualTo(403);
    }

    @Test
    void aVersionMayAddOrChangeCategoriesButNotDropOneAndLeavingThemOutCarriesThemOver() {
        String admin = TestAuthority.get().token("admin.jiayuguan", Map.of("role", "DISTRICT_ADMIN",
                "region", "JIAYUGUAN"));
        LocalDate first = LocalDate.now(clock).plusYears(6).withDayOfMonth(1);
        LocalDate second = first.plusMonths(1);
        Map<String, Object> body = versionBody(first, 7000);
        Map<String, Object> resident = Map.of("code", "JYG-RESIDENT", "name", "全市60周岁及以上老年人", "minAge", 60,
                "offlineMonthlyFen", 0, "onlineMonthlyFen", 0);
        Map<String, Object> dibao = Map.of("code", "JYG-DIBAO", "name", "低保老人", "minAge", 60,
                "offlineMonthlyFen", 9000, "onlineMonthlyFen", 0);
        Map<String, Object> dropping = versionBody(first, 0);
        dropping.put("categories", List.of(dibao));
        body.put("categories", List.of(resident, dibao));

        ResponseEntity<Map<String, Object>> refused = send(dropping, admin, "JIAYUGUAN-2024");
        ResponseEntity<Map<String, Object>> changed = send(body, admin, "JIAYUGUAN-2024");
        ResponseEntity<Map<String, Object>> carried = send(versionBody(second, 0), admin, "JIAYUGUAN-2024");

        assertThat(refused.getStatusCode().value()).isEqualTo(422);
        assertThat(refused.getBody()).containsEntry("type", "https://eldercare.io/problems/category-dropped");
        assertThat(changed.getStatusCode().value()).isEqualTo(201);
        assertThat(policyOn("JIAYUGUAN-2024", first).get("categories")).asString()
                .contains("JYG-DIBAO", "offlineMonthlyFen=9000", "JYG-RESIDENT");
        assertThat(carried.getBody().get("categories")).asString().contains("JYG-DIBAO", "offlineMonthlyFen=9000");
        assertThat(policyOn("JIAYUGUAN-2024", first.minusDays(1)).get("categories")).asString()
                .contains("JYG-RESIDENT").doesNotContain("JYG-DIBAO");
    }

    @Test
    void aVersionWithoutRulesOrWithNegativeAmountsIsRefusedAndNothingIsPublished() {
        String admin = TestAuthority.get().token("DISTRICT_ADMIN");
        LocalDate from = LocalDate.now(clock).plusYears(9);
        Map<String, Object> negative = versionBody(from, -1);
        Map<String, Object> noRules = new HashMap<>(Map.of("effectiveFrom", from.toString()));
        Object versionBefore = policyOn(from).get("version");

        assertThat(send(negative, admin).getStatusCode().value()).isEqualTo(400);
        assertThat(send(noRules, admin).getStatusCode().value()).isEqualTo(400);
        assertThat(policyOn(from)).containsEntry("version", versionBefore);
    }

    private ResponseEntity<Map<String, Object>> publish(LocalDate from, long allowance, String token) {
        return send(versionBody(from, allowance), token);
    }

    private static Map<String, Object> versionBody(LocalDate from, long allowance) {
        Map<String, Object> rules = new HashMap<>(Map.of("offlineMonthlyAllowanceFen", allowance,
                "onlineMonthlyFeeFen", 3000, "resetRule", "ANNIVERSARY", "resetOnTermination", true,
                "firstMonthRule", "FULL", "callbackDueHours", 48, "complaintDueHours", 48,
                "hourlyRounding", "HALF_HOUR_UP", "selfPayDiscountBps", 0, "unclaimedMealForfeited", false));
        return new HashMap<>(Map.of("effectiveFrom", from.toString(), "rules", rules));
    }

    private ResponseEntity<Map<String, Object>> send(Map<String, Object> body, String token) {
        return send(body, token, "HUANGPI-2020");
    }

    private ResponseEntity<Map<String, Object>> send(Map<String, Object> body, String token, String pack) {
        return http.post().uri("/policies/" + pack + "/versions").contentType(MediaType.APPLICATION_JSON)
                .headers(h -> h.setBearerAuth(token)).body(body).retrieve()
                .toEntity(new ParameterizedTypeReference<>() { });
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> rulesOn(LocalDate day) {
        return (Map<String, Object>) policyOn(day).get("rules");
    }

    private Map<String, Object> policyOn(LocalDate day) {
        return policyOn("HUANGPI-2020", day);
    }

    private Map<String, Object> policyOn(String pack, LocalDate day) {
        return http.get().uri("/policies/" + pack + "?on=" + day).retrieve()
                .body(new ParameterizedTypeReference<>() { });
    }
}
