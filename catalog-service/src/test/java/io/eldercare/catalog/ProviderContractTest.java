package io.eldercare.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eldercare.catalog.provider.Providers;
import io.eldercare.events.ContractExpiring;
import io.eldercare.events.EventEnvelope;
import io.eldercare.testsupport.EventProbe;
import io.eldercare.testsupport.ServiceTest;
import io.eldercare.testsupport.TestAuthority;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

/** Providers qualify on all eight conditions of 五(二); contracts name items and communities for two years at most. */
@ServiceTest
class ProviderContractTest {

    private static final String ADMIN = TestAuthority.get().token("DISTRICT_ADMIN");

    @LocalServerPort
    int port;
    @Autowired
    Clock clock;
    @Autowired
    Providers providers;
    RestClient http;

    @BeforeEach
    void client() {
        http = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { })
                .defaultHeaders(h -> h.setBearerAuth(ADMIN)).build();
    }

    @Test
    void aProviderWithoutEvidenceForEveryConditionIsNotRegistered() {
        ResponseEntity<Map<String, Object>> response = post("/providers", Map.of("name", "某某养老服务中心",
                "qualifications", qualifications(7)));

        assertThat(response.getStatusCode().value()).isEqualTo(422);
        assertThat(response.getBody().get("detail")).asString().contains("[8]");
    }

    @Test
    void aContractNamesItemsAndCommunitiesForAtMostTwoYears() {
        String provider = registered();
        LocalDate start = LocalDate.now(clock);

        ResponseEntity<Map<String, Object>> ok = contract(provider, start, null, List.of("HP-HAIRCUT", "HP-BATH"));
        ResponseEntity<Map<String, Object>> noItems = contract(provider, start, null, List.of());
        ResponseEntity<Map<String, Object>> tooLong = contract(provider, start, start.plusYears(2), List.of("HP-BATH"));
        ResponseEntity<Map<String, Object>> unknown = contract(provider, start, null, List.of("HP-MASSAGE"));

        assertThat(ok.getStatusCode().value()).isEqualTo(201);
        assertThat(noItems.getBody()).containsEntry("type", "https://eldercare.io/problems/contract-incomplete");
        assertThat(tooLong.getBody()).containsEntry("type", "https://eldercare.io/problems/contract-period");
        assertThat(unknown.getBody()).containsEntry("type", "https://eldercare.io/problems/unknown-items");
    }

    @Test
    void theBureauIsAlertedOnceNinetyDaysBeforeAContractEndsAndAnEndedProviderExpires() {
        String soon = registered();
        String later = registered();
        String ended = registered();
        LocalDate today = LocalDate.now(clock);
        UUID soonContract = UUID.fromString((String) contract(soon, today.minusYears(1), today.plusDays(30),
                List.of("HP-BATH")).getBody().get("id"));
        contract(later, today.minusDays(10), today.plusDays(200), List.of("HP-BATH"));
        contract(ended, today.minusYears(1), today.minusDays(1), List.of("HP-BATH"));

        providers.alertExpiringContracts();
        int again = providers.alertExpiringContracts();

        assertThat(again).isZero();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<EventEnvelope> events = EventProbe.readAll("eldercare.catalog.events", Duration.ofSeconds(1));
            assertThat(events).extracting(EventProbe::payload).filteredOn(ContractExpiring.class::isInstance)
                    .contains(new ContractExpiring(UUID.fromString(soon), soonContract, today.plusDays(30), 30))
                    .noneMatch(e -> ((ContractExpiring) e).providerId().toString().equals(later));
        });
        assertThat(providers.status(UUID.fromString(ended))).isEqualTo("EXPIRED");
        assertThat(providers.status(UUID.fromString(later))).isEqualTo("ACTIVE");
    }

    @Test
    void aSuspendedProviderIsNotContractedAndOnlyTheBureauSuspends() {
        String provider = registered();
        String own = TestAuthority.get().token("p", Map.of("role", "PROVIDER_ADMIN", "provider", provider));

        int byProvider = http.post().uri("/providers/" + provider + "/suspend").contentType(MediaType.APPLICATION_JSON)
                .headers(h -> h.setBearerAuth(own)).body(Map.of("reason", "x")).retrieve().toBodilessEntity()
                .getStatusCode().value();
        post("/providers/" + provider + "/suspend", Map.of("reason", "评估不合格"));

        assertThat(byProvider).isEqualTo(403);
        assertThat(contract(provider, LocalDate.now(clock), null, List.of("HP-BATH")).getStatusCode().value())
                .isEqualTo(409);
        assertThat(http.get().uri("/providers/" + provider).headers(h -> h.setBearerAuth(own)).retrieve()
                .body(Map.class)).containsEntry("status", "SUSPENDED");
    }

    @Test
    void aProviderServesOnlyTheItemsAndCommunitiesOfARunningContractAndNotOnceSuspended() {
        String provider = registered();
        LocalDate start = LocalDate.now(clock);
        contract(provider, start, start.plusYears(1), List.of("HP-HAIRCUT"));

        assertThat(serves(provider, "HP-HAIRCUT", "HP-QIANCHUAN-01", start.plusDays(10))).containsEntry("serves", true);
        assertThat(serves(provider, "HP-BATH", "HP-QIANCHUAN-01", start.plusDays(10))).containsEntry("serves", false);
        assertThat(serves(provider, "HP-HAIRCUT", "HP-LIJI-03", start.plusDays(10))).containsEntry("serves", false);
        assertThat(serves(provider, "HP-HAIRCUT", "HP-QIANCHUAN-01", start.plusYears(1).plusDays(1)))
                .containsEntry("serves", false);
        post("/providers/" + provider + "/suspend", Map.of("reason", "服务质量评估不合格"));
        Map<String, Object> suspended = serves(provider, "HP-HAIRCUT", "HP-QIANCHUAN-01", start.plusDays(10));
        assertThat(suspended).containsEntry("serves", false);
        assertThat(suspended.get("reasons")).asString().contains("SUSPENDED");
    }

    private Map<String, Object> serves(String provider, String item, String community, LocalDate on) {
        return http.get().uri("/providers/" + provider + "/serves?policy=HUANGPI-2020&item=" + item + "&community="
                + community + "&on=" + on).retrieve().body(new ParameterizedTypeReference<>() { });
    }

    private String registered() {
        return (String) post("/providers", Map.of("name", "黄陂区某某居家养老服务中心", "qualifications", qualifications(8)))
                .getBody().get("id");
    }

    private static List<Map<String, Object>> qualifications(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(c -> Map.<String, Object>of("condition", c,
                "evidence", "证明材料 " + c)).toList();
    }

    private ResponseEntity<Map<String, Object>> contract(String provider, LocalDate start, LocalDate end,
            List<String> items) {
        Map<String, Object> body = new HashMap<>(Map.of("policyCode", "HUANGPI-2020", "startsOn", start.toString(),
                "items", items, "communities", List.of("HP-QIANCHUAN-01")));
        if (end != null) {
            body.put("endsOn", end.toString());
        }
        return post("/providers/" + provider + "/contracts", body);
    }

    private ResponseEntity<Map<String, Object>> post(String uri, Object body) {
        return http.post().uri(uri).contentType(MediaType.APPLICATION_JSON).body(body).retrieve()
                .toEntity(new ParameterizedTypeReference<>() { });
    }
}
