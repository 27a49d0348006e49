package io.eldercare.eligibility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eldercare.events.ApplicationApproved;
import io.eldercare.events.EventEnvelope;
import io.eldercare.testsupport.EventProbe;
import io.eldercare.testsupport.ServiceTest;
import io.eldercare.testsupport.TestAuthority;
import io.eldercare.testsupport.TestIdNumbers;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;

@ServiceTest
class ApplicationApprovalTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    java.time.Clock clock;
    RestClient http;

    static final String WORKER = TestAuthority.get().token("worker.qianchuan", Map.of("role", "COMMUNITY_WORKER",
            "community", "HP-QIANCHUAN-01", "street", "HP-QIANCHUAN"));
    static final String REVIEWER = TestAuthority.get().token("reviewer.qianchuan", Map.of("role",
            "STREET_REVIEWER", "street", "HP-QIANCHUAN"));
    static final String OTHER_STREET_REVIEWER = TestAuthority.get().token("reviewer.liji", Map.of("role",
            "STREET_REVIEWER", "street", "HP-LIJI"));
    static final String OTHER_COMMUNITY_WORKER = TestAuthority.get().token("worker.liji", Map.of("role",
            "COMMUNITY_WORKER", "community", "HP-LIJI-03", "street", "HP-LIJI"));

    /** The 1st of this month: a service start an application filed or approved today may have. */
    static final LocalDate START = java.time.YearMonth.now(java.time.ZoneId.of("Asia/Shanghai")).atDay(1);

    @BeforeEach
    void client() {
        CatalogFacts.awaitCopied(jdbc);
        http = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { }).build();
    }

    @Test
    void anApprovedApplicationPublishesApplicationApprovedWithIdsOnly() {
        Map<String, Object> submitted = post("/applications", Map.of("policyCode", "HUANGPI-2020",
                "category", "HP-DIBAO", "streetCode", "HP-QIANCHUAN", "communityCode", "HP-QIANCHUAN-01",
                "serviceStart", START.toString(), "noticePostedOn", START.minusMonths(1).toString(), "elder", elder()), WORKER).getBody();
        String id = (String) submitted.get("id");

        Map<String, Object> approved = post("/applications/" + id + "/approve", null, REVIEWER).getBody();

        assertThat(approved).containsEntry("status", "APPROVED");
        UUID elderId = UUID.fromString((String) submitted.get("elderId"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<EventEnvelope> events = EventProbe.readAll("eldercare.eligibility.events", Duration.ofSeconds(1));
            assertThat(events).filteredOn(e -> e.aggregateId().equals(elderId.toString())).singleElement()
                    .satisfies(e -> {
                        assertThat(e.type()).isEqualTo("ApplicationApproved");
                        assertThat(e.sequence()).isEqualTo(1);
                        assertThat(EventProbe.payload(e)).isEqualTo(new ApplicationApproved(UUID.fromString(id),
                                elderId, "HUANGPI-2020", "HP-DIBAO", "HP-QIANCHUAN-01", START,
                                ((ApplicationApproved) EventProbe.payload(e)).approvedAt()));
                    });
        });
    }

    @Test
    void anApplicationIsDecidedOnlyOnce() {
        String id = submitted();
        post("/applications/" + id + "/approve", null, REVIEWER);
        long eventsBefore = outboxRows();

        ResponseEntity<Map<String, Object>> again = post("/applications/" + id + "/approve", null, REVIEWER);
        ResponseEntity<Map<String, Object>> reject = post("/applications/" + id + "/reject",
                Map.of("reason", "too late"), REVIEWER);

        assertThat(again.getStatusCode().value()).isEqualTo(409);
        assertThat(again.getBody()).containsEntry("type",
                "https://eldercare.io/problems/application-already-decided");
        assertThat(reject.getStatusCode().value()).isEqualTo(409);
        assertThat(outboxRows()).isEqualTo(eventsBefore);
    }

    @Test
    void anIncompleteApplicationIsRefusedAndNothingIsStored() {
        long before = jdbc.sql("SELECT count(*) FROM application").query(Long.class).single();

        ResponseEntity<Map<String, Object>> response = post("/applications", Map.of("policyCode", "huangpi",
                "category", "HP-DIBAO", "streetCode", "HP-QIANCHUAN", "communityCode", "HP-QIANCHUAN-01"), WORKER);

        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(response.getBody()).containsKey("errors");
        assertThat(response.getBody().get("errors")).asString().contains("serviceStart", "policyCode");
        assertThat(jdbc.sql("SELECT count(*) FROM application").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void theFifthHuangpiCategoryIsForPeopleOfEightyAndOver() {
        LocalDate start = START;

        ResponseEntity<Map<String, Object>> seventyNine = apply("HP-AGED80",
                TestIdNumbers.bornOn(start.minusYears(80).plusDays(1)));
        ResponseEntity<Map<String, Object>> eighty = apply("HP-AGED80", TestIdNumbers.bornOn(start.minusYears(80)));
        ResponseEntity<Map<String, Object>> sixtyInTheFirstCategory = apply("HP-DIBAO",
                TestIdNumbers.bornOn(start.minusYears(60)));

        assertThat(seventyNine.getStatusCode().value()).isEqualTo(422);
        assertThat(seventyNine.getBody()).containsEntry("type", "https://eldercare.io/problems/below-minimum-age");
        assertThat(seventyNine.getBody().get("detail")).asString().contains("HP-AGED80", "80 and over");
        assertThat(eighty.getStatusCode().value()).isEqualTo(201);
        assertThat(sixtyInTheFirstCategory.getStatusCode().value()).isEqualTo(201);
    }

    @Test
    void aCategoryThePolicyDoesNotHaveIsRefusedAndNothingIsStored() {
        long before = jdbc.sql("SELECT count(*) FROM application").query(Long.class).single();

        ResponseEntity<Map<String, Object>> response = apply("HP-VETERAN", TestIdNumbers.next());

        assertThat(response.getStatusCode().value()).isEqualTo(422);
        assertThat(response.getBody()).containsEntry("type", "https://eldercare.io/problems/unknown-category");
        assertThat(response.getBody().get("detail")).asString().contains("HP-DIBAO", "HP-AGED80");
        assertThat(jdbc.sql("SELECT count(*) FROM application").query(Long.class).single()).isEqualTo(before);
    }

    private ResponseEntity<Map<String, Object>> apply(String category, String idNumber) {
        return post("/applications", Map.of("policyCode", "HUANGPI-2020", "category", category,
                "streetCode", "HP-QIANCHUAN", "communityCode", "HP-QIANCHUAN-01", "serviceStart", START.toString(),
                "elder", Map.of("name", "王秀英", "idNumber", idNumber, "phone", "13912345678",
                        "address", "黄陂区前川街道百秀街88号")), WORKER);
    }

    @Test
    void anUnknownApplicationIsNotFound() {
        assertThat(post("/applications/" + UUID.randomUUID() + "/approve", null, REVIEWER).getStatusCode().value())
                .isEqualTo(404);
    }

    @Test
    void aStreetReviewerCannotSeeOrDecideAnotherStreetsApplication() {
        String id = submitted();

        assertThat(get("/applications/" + id, OTHER_STREET_REVIEWER).getStatusCode().value()).isEqualTo(404);
        assertThat(post("/applications/" + id + "/approve", null, OTHER_STREET_REVIEWER).getStatusCode().value())
                .isEqualTo(404);
        assertThat(get("/applications/" + id, REVIEWER).getBody()).containsEntry("status", "SUBMITTED");
    }

    @Test
    void aCommunityWorkerSeesOnlyTheirCommunityAndCannotApprove() {
        String id = submitted();

        assertThat(get("/applications/" + id, OTHER_COMMUNITY_WORKER).getStatusCode().value()).isEqualTo(404);
        assertThat(post("/applications/" + id + "/approve", null, WORKER).getStatusCode().value()).isEqualTo(403);
        assertThat(post("/applications", Map.of("policyCode", "HUANGPI-2020", "category", "HP-DIBAO",
                "streetCode", "HP-QIANCHUAN", "communityCode", "HP-QIANCHUAN-01", "serviceStart", START.toString(),
                "elder", elder()), OTHER_COMMUNITY_WORKER).getStatusCode().value()).isEqualTo(403);
        assertThat(get("/applications/" + id, WORKER).getBody()).containsEntry("status", "SUBMITTED");
    }

    @Test
    void anElderCannotApproveAnything() {
        String id = submitted();
        String elder = TestAuthority.get().token("elder", Map.of("role", "ELDER", "elder", UUID.randomUUID()));

        assertThat(post("/applications/" + id + "/approve", null, elder).getStatusCode().value()).isEqualTo(403);
        assertThat(get("/applications/" + id, WORKER).getBody()).containsEntry("status", "SUBMITTED");
    }

    @Test
    void theStatusOfAnApplicationCannotBeSetByTheCaller() {
        ResponseEntity<Map<String, Object>> response = post("/applications", Map.of("policyCode", "HUANGPI-2020",
                "category", "HP-DIBAO", "streetCode", "HP-QIANCHUAN", "communityCode", "HP-QIANCHUAN-01",
                "serviceStart", START.toString(), "status", "APPROVED", "elder", elder()), WORKER);

        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(response.getBody().get("detail")).asString().contains("'status' is not accepted");
    }

    @Test
    void theStreetApprovesOnlyAfterTheCommunitysPublicNoticeHasRunSevenDays() {
        String id = (String) post("/applications", Map.of("policyCode", "HUANGPI-2020", "category", "HP-DIBAO",
                "streetCode", "HP-QIANCHUAN", "communityCode", "HP-QIANCHUAN-01", "serviceStart", START.toString(),
                "elder", elder()), WORKER).getBody().get("id");
        LocalDate today = LocalDate.now(clock);

        ResponseEntity<Map<String, Object>> notPosted = post("/applications/" + id + "/approve", null, REVIEWER);
        ResponseEntity<Map<String, Object>> future = post("/applications/" + id + "/public-notice",
                Map.of("postedOn", today.plusDays(1).toString()), WORKER);
        post("/applications/" + id + "/public-notice", Map.of("postedOn", today.minusDays(6).toString()), WORKER);
        ResponseEntity<Map<String, Object>> running = post("/applications/" + id + "/approve", null, REVIEWER);
        Map<String, Object> posted = post("/applications/" + id + "/public-notice",
                Map.of("postedOn", today.minusDays(7).toString()), WORKER).getBody();
        ResponseEntity<Map<String, Object>> approved = post("/applications/" + id + "/approve", null, REVIEWER);

        assertThat(notPosted.getStatusCode().value()).isEqualTo(422);
        assertThat(notPosted.getBody()).containsEntry("type", "https://eldercare.io/problems/public-notice-missing");
        assertThat(future.getStatusCode().value()).isEqualTo(422);
        assertThat(running.getStatusCode().value()).isEqualTo(422);
        assertThat(running.getBody()).containsEntry("type", "https://eldercare.io/problems/public-notice-running");
        assertThat(running.getBody().get("detail")).asString().contains(today.plusDays(1).toString());
        assertThat(posted).containsEntry("noticeDays", 7).containsEntry("noticeEndsOn", today.toString());
        assertThat(approved.getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void aServiceStartBeforeTheMonthOrMoreThanThreeMonthsAheadIsRefusedWithTheAllowedRange() {
        LocalDate today = LocalDate.now(clock);
        long before = jdbc.sql("SELECT count(*) FROM application").query(Long.class).single();

        ResponseEntity<Map<String, Object>> lastMonth = post("/applications", Map.of("policyCode", "HUANGPI-2020",
                "category", "HP-DIBAO", "streetCode", "HP-QIANCHUAN", "communityCode", "HP-QIANCHUAN-01",
                "serviceStart", START.minusDays(1).toString(), "elder", elder()), WORKER);
        ResponseEntity<Map<String, Object>> tooFar = post("/applications", Map.of("policyCode", "HUANGPI-2020",
                "category", "HP-DIBAO", "streetCode", "HP-QIANCHUAN", "communityCode", "HP-QIANCHUAN-01",
                "serviceStart", today.plusMonths(3).plusDays(1).toString(), "elder", elder()), WORKER);

        assertThat(lastMonth.getStatusCode().value()).isEqualTo(422);
        assertThat(lastMonth.getBody()).containsEntry("type", "https://eldercare.io/problems/service-start-out-of-range");
        assertThat(lastMonth.getBody().get("detail")).asString()
                .contains(START.toString(), today.plusMonths(3).toString());
        assertThat(tooFar.getStatusCode().value()).isEqualTo(422);
        assertThat(jdbc.sql("SELECT count(*) FROM application").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void anApplicationWhoseStartFellBeforeTheApprovalMonthIsApprovedOnlyWithANewStartInRange() {
        String id = submitted();
        // filed last month for last month; the notice ran into this month
        jdbc.sql("UPDATE application SET service_start = ? WHERE id = ?")
                .params(START.minusMonths(1), UUID.fromString(id)).update();

        ResponseEntity<Map<String, Object>> asFiled = post("/applications/" + id + "/approve", null, REVIEWER);
        ResponseEntity<Map<String, Object>> moved = post("/applications/" + id + "/approve",
                Map.of("serviceStart", START.plusDays(9).toString()), REVIEWER);

        assertThat(asFiled.getStatusCode().value()).isEqualTo(422);
        assertThat(asFiled.getBody()).containsEntry("type", "https://eldercare.io/problems/service-start-out-of-range");
        assertThat(asFiled.getBody().get("detail")).asString().contains("{\"serviceStart\": \"" + START + "\"}");
        assertThat(moved.getStatusCode().value()).isEqualTo(200);
        assertThat(moved.getBody()).containsEntry("serviceStart", START.plusDays(9).toString())
                .containsEntry("status", "APPROVED");
    }

    @Test
    void anApprovedServiceIsTerminatedOnceFromADayNotInTheFutureAndAnnouncedWithIdsOnly() {
        String id = submitted();
        post("/applications/" + id + "/approve", null, REVIEWER);
        LocalDate today = LocalDate.now(clock);

        ResponseEntity<Map<String, Object>> future = post("/applications/" + id + "/terminate",
                Map.of("terminatedOn", today.plusDays(1).toString(), "reason", "MOVED_AWAY"), REVIEWER);
        ResponseEntity<Map<String, Object>> byWorker = post("/applications/" + id + "/terminate",
                Map.of("terminatedOn", today.toString(), "reason", "MOVED_AWAY"), WORKER);
        ResponseEntity<Map<String, Object>> terminated = post("/applications/" + id + "/terminate",
                Map.of("terminatedOn", today.toString(), "reason", "MOVED_AWAY"), REVIEWER);
        ResponseEntity<Map<String, Object>> again = post("/applications/" + id + "/terminate",
                Map.of("terminatedOn", today.toString(), "reason", "DECEASED"), REVIEWER);

        assertThat(future.getStatusCode().value()).isEqualTo(422);
        assertThat(byWorker.getStatusCode().value()).isEqualTo(403);
        assertThat(terminated.getStatusCode().value()).isEqualTo(200);
        assertThat(terminated.getBody()).containsEntry("status", "TERMINATED")
                .containsEntry("terminatedOn", today.toString()).containsEntry("terminationReason", "MOVED_AWAY");
        assertThat(again.getStatusCode().value()).isEqualTo(409);
        UUID elderId = UUID.fromString((String) terminated.getBody().get("elderId"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(EventProbe.readAll(
                "eldercare.eligibility.events", Duration.ofMillis(500))).extracting(EventProbe::payload)
                .filteredOn(io.eldercare.events.ServiceTerminated.class::isInstance)
                .map(io.eldercare.events.ServiceTerminated.class::cast)
                .filteredOn(t -> t.elderId().equals(elderId)).singleElement()
                .satisfies(t -> assertThat(t.reason()).isEqualTo("MOVED_AWAY")));
    }

    @Test
    void aRegionsAdministratorFilesOnlyUnderItsOwnRegionsPolicyAndNobodyApprovesWhatTheyFiled() {
        String huangpiAdmin = TestAuthority.get().token("admin.huangpi", Map.of("role", "DISTRICT_ADMIN",
                "region", "HUANGPI"));
        long before = jdbc.sql("SELECT count(*) FROM application").query(Long.class).single();

        ResponseEntity<Map<String, Object>> jiayuguan = post("/applications", Map.of("policyCode", "JIAYUGUAN-2024",
                "category", "JYG-RESIDENT", "streetCode", "JYG-XIONGGUAN", "communityCode", "JYG-XIONGGUAN-01",
                "serviceStart", START.toString(), "elder", elder()), huangpiAdmin);
        ResponseEntity<Map<String, Object>> own = post("/applications", Map.of("policyCode", "HUANGPI-2020",
                "category", "HP-DIBAO", "streetCode", "HP-QIANCHUAN", "communityCode", "HP-QIANCHUAN-01",
                "serviceStart", START.toString(), "noticePostedOn", START.minusMonths(1).toString(),
                "elder", elder()), huangpiAdmin);
        ResponseEntity<Map<String, Object>> selfApproved = post("/applications/" + own.getBody().get("id")
                + "/approve", null, huangpiAdmin);

        assertThat(jiayuguan.getStatusCode().value()).isEqualTo(403);
        assertThat(jiayuguan.getBody()).containsEntry("type", "https://eldercare.io/problems/outside-your-region");
        assertThat(own.getStatusCode().value()).isEqualTo(201);
        assertThat(selfApproved.getStatusCode().value()).isEqualTo(403);
        assertThat(selfApproved.getBody()).containsEntry("type", "https://eldercare.io/problems/four-eyes");
        assertThat(post("/applications/" + own.getBody().get("id") + "/approve", null, REVIEWER).getStatusCode()
                .value()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT count(*) FROM application").query(Long.class).single()).isEqualTo(before + 1);
    }

    @Test
    void aCommunityWorkerFilesOnlyForTheirOwnStreetSoTheirStreetApproves() {
        ResponseEntity<Map<String, Object>> otherStreet = post("/applications", Map.of("policyCode", "HUANGPI-2020",
                "category", "HP-DIBAO", "streetCode", "HP-LIJI", "communityCode", "HP-QIANCHUAN-01",
                "serviceStart", START.toString(), "elder", elder()), WORKER);

        assertThat(otherStreet.getStatusCode().value()).isEqualTo(403);
    }

    private String submitted() {
        return (String) post("/applications", Map.of("policyCode", "HUANGPI-2020", "category", "HP-DIBAO",
                "streetCode", "HP-QIANCHUAN", "communityCode", "HP-QIANCHUAN-01", "serviceStart", START.toString(),
                "noticePostedOn", START.minusMonths(1).toString(), "elder", elder()), WORKER).getBody().get("id");
    }

    private ResponseEntity<Map<String, Object>> get(String uri, String token) {
        return http.get().uri(uri).headers(h -> h.setBearerAuth(token)).retrieve()
                .toEntity(new ParameterizedTypeReference<>() { });
    }

    static Map<String, Object> elder() {
        return Map.of("name", "王秀英", "idNumber", TestIdNumbers.next(), "phone", "13912345678",
                "address", "黄陂区前川街道百秀街88号");
    }

    private long outboxRows() {
        return jdbc.sql("SELECT count(*) FROM outbox_event").query(Long.class).single();
    }

    private ResponseEntity<Map<String, Object>> post(String uri, Object body, String token) {
        RestClient.RequestBodySpec request = http.post().uri(uri).contentType(MediaType.APPLICATION_JSON)
                .headers(h -> h.setBearerAuth(token));
        if (body != null) {
            request.body(body);
        }
        return request.retrieve().toEntity(new ParameterizedTypeReference<>() { });
    }
}
