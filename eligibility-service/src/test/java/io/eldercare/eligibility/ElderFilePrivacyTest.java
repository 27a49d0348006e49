package io.eldercare.eligibility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eldercare.eligibility.elder.AccessLogRetention;
import io.eldercare.testsupport.EventProbe;
import io.eldercare.testsupport.ServiceTest;
import io.eldercare.testsupport.TestAuthority;
import io.eldercare.testsupport.TestIdNumbers;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;

/** Elders' files (PIPL, 嘉峪关 第二十条): encrypted at rest, masked for those who need not see them, every read logged. */
@ServiceTest
@ExtendWith(OutputCaptureExtension.class)
class ElderFilePrivacyTest {

    private static final String NAME = "李桂兰";
    private static final String PHONE = "13607121234";
    private static final String ADDRESS = "黄陂区前川街道黄陂大道66号2单元";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AccessLogRetention accessLogRetention;
    RestClient http;
    String idNumber;

    @BeforeEach
    void client() {
        CatalogFacts.awaitCopied(jdbc);
        http = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { }).build();
        idNumber = TestIdNumbers.next();
    }

    @Test
    void theDatabaseHoldsNoPlainIdNumberNamePhoneOrAddress() {
        UUID elder = apply();

        Map<String, Object> row = jdbc.sql("SELECT * FROM elder WHERE id = ?").param(elder).query().singleRow();
        assertThat(row.values().stream().map(String::valueOf)).noneMatch(v -> v.contains(idNumber))
                .noneMatch(v -> v.contains(NAME)).noneMatch(v -> v.contains(PHONE)).noneMatch(v -> v.contains("黄陂大道"));
        assertThat((String) row.get("id_number_enc")).startsWith("v2.local-1.");
    }

    @Test
    void theSameIdNumberIsTheSameElderFoundByItsBlindIndex() {
        UUID first = apply();
        UUID second = apply();

        assertThat(second).isEqualTo(first);
        Map<String, Object> found = http.post().uri("/elders/search").contentType(MediaType.APPLICATION_JSON)
                .headers(h -> {
                    h.setBearerAuth(WORKER);
                    h.set("X-Access-Purpose", "check-application");
                }).body(Map.of("idNumber", idNumber)).retrieve()
                .toEntity(new ParameterizedTypeReference<Map<String, Object>>() { }).getBody();
        assertThat(found).containsEntry("id", first.toString()).containsEntry("idNumber", idNumber);
    }

    @Test
    void theCommunityWorkerSeesTheWholeFileAndTheCallCentreAMaskedOne() {
        UUID elder = apply();

        assertThat(get("/elders/" + elder, WORKER, "home-visit").getBody()).containsEntry("name", NAME)
                .containsEntry("idNumber", idNumber).containsEntry("phone", PHONE).containsEntry("masked", false);
        assertThat(get("/elders/" + elder, TestAuthority.get().token("OPERATOR"), "care-call").getBody())
                .containsEntry("name", "李**").containsEntry("phone", "136****1234")
                .containsEntry("idNumber", idNumber.substring(0, 4) + "**********" + idNumber.substring(14))
                .containsEntry("masked", true);
    }

    @Test
    void anotherCommunitysWorkerAndProvidersCannotReadTheFile() {
        UUID elder = apply();
        String otherWorker = TestAuthority.get().token("w", Map.of("role", "COMMUNITY_WORKER",
                "community", "HP-LIJI-03"));

        assertThat(get("/elders/" + elder, otherWorker, "x").getStatusCode().value()).isEqualTo(404);
        assertThat(get("/elders/" + elder, TestAuthority.get().token("PROVIDER_ADMIN"), "x").getStatusCode()
                .value()).isEqualTo(403);
        assertThat(get("/elders/" + elder, TestAuthority.get().token("CAREGIVER"), "x").getStatusCode().value())
                .isEqualTo(403);
    }

    /** Issue 18, 1: the file carries its policy's region; another region's bureau finds it no more than a made-up id. */
    @Test
    void anotherRegionsBureauFindsNoElderOfThisRegion() {
        UUID elder = apply();
        String jiayuguan = TestAuthority.get().token("admin.jiayuguan", Map.of("role", "DISTRICT_ADMIN",
                "region", "JIAYUGUAN"));

        assertThat(get("/elders/" + elder, jiayuguan, "review").getStatusCode().value()).isEqualTo(404);
        assertThat(get("/elders/" + UUID.randomUUID(), jiayuguan, "review").getStatusCode().value())
                .as("the same answer as for no elder at all").isEqualTo(404);
        assertThat(get("/elders/" + elder, TestAuthority.get().token("DISTRICT_ADMIN"), "review").getStatusCode()
                .value()).as("the elder's own region's bureau").isEqualTo(200);
        assertThat(jdbc.sql("SELECT region FROM elder WHERE id = ?").param(elder).query(String.class).single())
                .isEqualTo("HUANGPI");
    }

    @Test
    void anotherRegionsBureauFindsNoElderOfThisRegionByIdNumber() {
        apply();
        String jiayuguan = TestAuthority.get().token("admin.jiayuguan", Map.of("role", "DISTRICT_ADMIN",
                "region", "JIAYUGUAN"));

        assertThat(searchAs(jiayuguan)).isEqualTo(404);
        assertThat(searchAs(TestAuthority.get().token("DISTRICT_ADMIN"))).as("the elder's own region's bureau")
                .isEqualTo(200);
    }

    private int searchAs(String token) {
        return http.post().uri("/elders/search").contentType(MediaType.APPLICATION_JSON).headers(h -> {
            h.setBearerAuth(token);
            h.set("X-Access-Purpose", "review");
        }).body(Map.of("idNumber", idNumber)).retrieve().toBodilessEntity().getStatusCode().value();
    }

    @Test
    void anotherRegionsAuditorSeesNoAccessLogOfThisRegionsElder() {
        UUID elder = apply();
        get("/elders/" + elder, WORKER, "home-visit");
        String jiayuguan = TestAuthority.get().token("auditor.jiayuguan", Map.of("role", "AUDITOR",
                "region", "JIAYUGUAN"));

        assertThat(http.get().uri("/access-log?elderId=" + elder).headers(h -> h.setBearerAuth(jiayuguan))
                .retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void everyReadIsLoggedWithWhoWhenAndWhyForTheBureau() {
        UUID elder = apply();
        get("/elders/" + elder, WORKER, "home-visit");
        get("/elders/" + elder, TestAuthority.get().token("OPERATOR"), "care-call");

        List<Map<String, Object>> log = http.get().uri("/access-log?elderId=" + elder)
                .headers(h -> h.setBearerAuth(TestAuthority.get().token("AUDITOR"))).retrieve()
                .body(new ParameterizedTypeReference<>() { });

        assertThat(log).extracting(r -> r.get("role") + ":" + r.get("purpose") + ":" + r.get("masked"))
                .containsExactly("OPERATOR:care-call:true", "COMMUNITY_WORKER:home-visit:false");
        assertThat(log).allSatisfy(r -> assertThat(r.get("accessedAt")).isNotNull());
        assertThat(http.get().uri("/access-log?elderId=" + elder).headers(h -> h.setBearerAuth(WORKER)).retrieve()
                .toBodilessEntity().getStatusCode().value()).isEqualTo(403);
    }

    @Test
    void readsAreKeptThreeYearsForTheBureauAndForgottenAfter() {
        UUID elder = apply();
        get("/elders/" + elder, WORKER, "home-visit");
        logRead(elder, "three-years-less-a-day", Instant.now().minus(Duration.ofDays(1095)));
        logRead(elder, "three-years-and-a-day-ago", Instant.now().minus(Duration.ofDays(1097)));

        assertThat(accessLogRetention.prune()).isPositive();

        assertThat(jdbc.sql("SELECT purpose FROM file_access_log WHERE elder_id = ? ORDER BY id").param(elder)
                .query(String.class).list()).containsExactly("home-visit", "three-years-less-a-day");
    }

    private void logRead(UUID elder, String purpose, Instant at) {
        jdbc.sql("""
                INSERT INTO file_access_log (elder_id, accessor, role, purpose, masked, accessed_at)
                VALUES (?, 'auditor-1', 'AUDITOR', ?, true, ?)""").params(elder, purpose, Timestamp.from(at)).update();
    }

    @Test
    void anInvalidIdNumberIsRefusedAndNoFileIsOpened() {
        long before = jdbc.sql("SELECT count(*) FROM elder").query(Long.class).single();

        ResponseEntity<Map<String, Object>> response = submit("420116194403151238");

        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(response.getBody()).containsEntry("type", "https://eldercare.io/problems/invalid-id-number");
        assertThat(jdbc.sql("SELECT count(*) FROM elder").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void someoneUnderSixtyIsRefusedAndNoFileIsOpened() {
        long before = jdbc.sql("SELECT count(*) FROM elder").query(Long.class).single();

        ResponseEntity<Map<String, Object>> response = submit(youngId());

        assertThat(response.getStatusCode().value()).isEqualTo(422);
        assertThat(response.getBody()).containsEntry("type", "https://eldercare.io/problems/below-minimum-age");
        assertThat(jdbc.sql("SELECT count(*) FROM elder").query(Long.class).single()).isEqualTo(before);
    }

    /** A valid ID number of someone born on 1 January 1990. */
    private static String youngId() {
        String body = "42011619900101123";
        int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (body.charAt(i) - '0') * weights[i];
        }
        return body + "10X98765432".charAt(sum % 11);
    }

    @Test
    void neitherTheEventsNorTheLogsOfAnApprovalCarryPersonalData(CapturedOutput output) {
        UUID elder = apply();
        String application = jdbc.sql("SELECT id FROM application WHERE elder_id = ? LIMIT 1").param(elder)
                .query(String.class).single();
        http.post().uri("/applications/" + application + "/approve").headers(h -> h.setBearerAuth(REVIEWER))
                .retrieve().toBodilessEntity();
        get("/elders/" + elder, WORKER, "check");

        await().atMost(Duration.ofSeconds(30)).until(() -> EventProbe.readAllRaw("eldercare.eligibility.events",
                Duration.ofSeconds(1)).stream().anyMatch(r -> r.value().contains(elder.toString())));
        List<String> events = EventProbe.readAllRaw("eldercare.eligibility.events", Duration.ofSeconds(1)).stream()
                .map(r -> r.value()).toList();
        for (String personal : List.of(idNumber, NAME, PHONE, "黄陂大道")) {
            assertThat(events).noneMatch(e -> e.contains(personal));
            assertThat(output.getAll()).doesNotContain(personal);
        }
    }

    private static final String WORKER = ApplicationApprovalTest.WORKER;
    private static final String REVIEWER = ApplicationApprovalTest.REVIEWER;

    private UUID apply() {
        ResponseEntity<Map<String, Object>> response = submit(idNumber);
        assertThat(response.getStatusCode().value()).as(String.valueOf(response.getBody())).isEqualTo(201);
        assertThat(response.getBody().toString()).doesNotContain(idNumber).doesNotContain(NAME);
        return UUID.fromString((String) response.getBody().get("elderId"));
    }

    private ResponseEntity<Map<String, Object>> submit(String id) {
        return http.post().uri("/applications").contentType(MediaType.APPLICATION_JSON)
                .headers(h -> h.setBearerAuth(WORKER))
                .body(Map.of("policyCode", "HUANGPI-2020", "category", "HP-DIBAO", "streetCode", "HP-QIANCHUAN",
                        "communityCode", "HP-QIANCHUAN-01", "serviceStart", ApplicationApprovalTest.START.toString(),
                        "noticePostedOn", ApplicationApprovalTest.START.minusMonths(1).toString(), "elder", Map.of("name", NAME, "idNumber", id, "phone", PHONE, "address", ADDRESS)))
                .retrieve().toEntity(new ParameterizedTypeReference<>() { });
    }

    private ResponseEntity<Map<String, Object>> get(String uri, String token, String purpose) {
        return http.get().uri(uri).headers(h -> {
            h.setBearerAuth(token);
            h.set("X-Access-Purpose", purpose);
        }).retrieve().toEntity(new ParameterizedTypeReference<>() { });
    }
}
