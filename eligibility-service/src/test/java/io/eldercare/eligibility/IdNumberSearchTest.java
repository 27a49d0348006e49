package io.eldercare.eligibility;

import static org.assertj.core.api.Assertions.assertThat;

import io.eldercare.testsupport.ServiceTest;
import io.eldercare.testsupport.TestAuthority;
import io.eldercare.testsupport.TestIdNumbers;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Looking an elder up by ID number (issue 10 item 5, review M4): in a POST body, only for the roles that file or
 * review applications, only inside the caller's scope, at most 30 a minute, and every refusal recorded without the
 * number.
 */
@ServiceTest
class IdNumberSearchTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    ElderClient client;
    String idNumber;

    @BeforeEach
    void client() {
        CatalogFacts.awaitCopied(jdbc);
        client = new ElderClient(port);
        idNumber = TestIdNumbers.next();
    }

    @Test
    void theCommunitysWorkerAndTheStreetsReviewerFindTheElderByPostAndTheReadIsLogged() {
        UUID elder = client.apply(idNumber).elder();

        ResponseEntity<Map<String, Object>> found = client.search(idNumber, ApplicationApprovalTest.WORKER,
                "duplicate-check");
        assertThat(found.getStatusCode().value()).isEqualTo(200);
        assertThat(found.getBody()).containsEntry("id", elder.toString()).containsEntry("idNumber", idNumber);
        assertThat(client.search(idNumber, ApplicationApprovalTest.REVIEWER, "review").getBody())
                .containsEntry("id", elder.toString());
        assertThat(jdbc.sql("SELECT purpose FROM file_access_log WHERE elder_id = ? ORDER BY id").param(elder)
                .query(String.class).list()).containsExactly("duplicate-check", "review");
    }

    @Test
    void anElderOutsideTheScopeAnswersExactlyAsAnUnknownNumberAndBothRefusalsAreLoggedWithoutTheNumber() {
        UUID elder = client.apply(idNumber).elder();
        String subject = "worker.liji-" + UUID.randomUUID();
        String otherWorker = TestAuthority.get().token(subject, Map.of("role", "COMMUNITY_WORKER",
                "community", "HP-LIJI-03", "street", "HP-LIJI"));
        String unknown = TestIdNumbers.next();

        ResponseEntity<Map<String, Object>> outOfScope = client.search(idNumber, otherWorker, "probe");
        ResponseEntity<Map<String, Object>> nobody = client.search(unknown, otherWorker, "probe");
        ResponseEntity<Map<String, Object>> otherStreet = client.search(idNumber,
                ApplicationApprovalTest.OTHER_STREET_REVIEWER, "probe");

        assertThat(outOfScope.getStatusCode().value()).isEqualTo(404);
        assertThat(outOfScope.getBody()).isEqualTo(nobody.getBody()).isEqualTo(otherStreet.getBody());
        assertThat(outOfScope.getHeaders().getContentType()).isEqualTo(nobody.getHeaders().getContentType());
        assertThat(String.valueOf(outOfScope.getBody())).doesNotContain(elder.toString()).doesNotContain(idNumber);
        List<Map<String, Object>> denied = jdbc.sql("""
                SELECT accessor, role, purpose, reason, id_number_hash, denied_at FROM file_access_denied
                WHERE accessor = ? ORDER BY id""").param(subject).query().listOfRows();
        assertThat(denied).extracting(r -> r.get("role") + ":" + r.get("purpose") + ":" + r.get("reason"))
                .containsExactly("COMMUNITY_WORKER:probe:OUT_OF_SCOPE", "COMMUNITY_WORKER:probe:UNKNOWN_ID_NUMBER");
        assertThat(denied).allSatisfy(r -> {
            assertThat(r.get("denied_at")).isNotNull();
            assertThat(r.values().stream().map(String::valueOf)).noneMatch(v -> v.contains(idNumber)
                    || v.contains(unknown) || v.contains(elder.toString()));
        });
        assertThat(jdbc.sql("SELECT count(*) FROM file_access_log WHERE elder_id = ?").param(elder)
                .query(Long.class).single()).as("a refused search reads no file").isZero();
    }

    @Test
    void rolesThatNeitherFileNorReviewApplicationsMayNotSearchAndTheirTriesAreLogged() {
        client.apply(idNumber);

        for (String role : List.of("OPERATOR", "FAMILY", "ELDER", "AUDITOR", "ASSESSOR", "PROVIDER_ADMIN")) {
            String subject = role.toLowerCase() + "-" + UUID.randomUUID();
            ResponseEntity<Map<String, Object>> response = client.search(idNumber,
                    TestAuthority.get().token(subject, Map.of("role", role, switch (role) {
                        case "FAMILY", "ELDER" -> "elder";
                        case "PROVIDER_ADMIN" -> "provider";
                        default -> "region";
                    }, role.equals("OPERATOR") || role.equals("AUDITOR") || role.equals("ASSESSOR") ? "HUANGPI"
                            : UUID.randomUUID().toString())), "curious");
            assertThat(response.getStatusCode().value()).as(role).isEqualTo(403);
            assertThat(jdbc.sql("SELECT reason FROM file_access_denied WHERE accessor = ?").param(subject)
                    .query(String.class).list()).as(role).containsExactly("ROLE");
        }
    }

    @Test
    void anIdNumberInTheUrlIsRefusedAndTheCallerToldToPost() {
        ResponseEntity<Map<String, Object>> response = client.get("/elders?idNumber=" + idNumber,
                ApplicationApprovalTest.WORKER);

        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(response.getBody()).containsEntry("type", "https://eldercare.io/problems/id-number-in-url");
        assertThat((String) response.getBody().get("detail")).contains("POST /elders/search")
                .doesNotContain(idNumber);
    }

    @Test
    void thirtySearchesAMinuteThenA429WithRetryAfterAndTheRefusalIsLogged() {
        String subject = "worker.busy-" + UUID.randomUUID();
        String busyWorker = TestAuthority.get().token(subject, Map.of("role", "COMMUNITY_WORKER",
                "community", "HP-QIANCHUAN-01", "street", "HP-QIANCHUAN"));
        UUID elder = client.apply(idNumber).elder();

        for (int i = 0; i < 30; i++) {
            assertThat(client.search(i == 0 ? idNumber : TestIdNumbers.next(), busyWorker, "sweep").getStatusCode()
                    .value()).as("search %d", i + 1).isIn(200, 404);
        }
        ResponseEntity<Map<String, Object>> limited = client.search(idNumber, busyWorker, "sweep");

        assertThat(limited.getStatusCode().value()).isEqualTo(429);
        assertThat(limited.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        assertThat(limited.getBody()).containsEntry("type", "https://eldercare.io/problems/too-many-searches");
        assertThat(Long.parseLong(limited.getHeaders().getFirst("Retry-After"))).isBetween(1L, 60L);
        assertThat(String.valueOf(limited.getBody())).doesNotContain(elder.toString());
        assertThat(client.search(idNumber, ApplicationApprovalTest.WORKER, "visit").getStatusCode().value())
                .as("another caller is not limited").isEqualTo(200);
        List<String> denied = jdbc.sql("SELECT reason FROM file_access_denied WHERE accessor = ? ORDER BY id")
                .param(subject).query(String.class).list();
        assertThat(denied).hasSize(30).endsWith("RATE_LIMITED").containsOnly("UNKNOWN_ID_NUMBER", "RATE_LIMITED");
    }
}
