package io.eldercare.eligibility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eldercare.eligibility.elder.TerminatedFileRetention;
import io.eldercare.testsupport.EventProbe;
import io.eldercare.testsupport.ServiceTest;
import io.eldercare.testsupport.TestIdNumbers;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * PIPL retention (issue 10 item 7): the personal file of an elder whose service ended longer ago than the retention
 * (three years by default) is erased, the id stays, and what the events say of them then identifies no one.
 */
@ServiceTest
class TerminatedFileRetentionTest {

    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TerminatedFileRetention retention;
    ElderClient client;

    @BeforeEach
    void client() {
        CatalogFacts.awaitCopied(jdbc);
        client = new ElderClient(port);
    }

    @Test
    void aFileIsErasedThreeYearsAfterTheLastServiceEndedAndNotADayBefore() {
        String pastId = TestIdNumbers.next();
        ElderClient.Filed past = client.servedAndTerminated(pastId);
        ElderClient.Filed recent = client.servedAndTerminated(TestIdNumbers.next());
        String reapplyingId = TestIdNumbers.next();
        ElderClient.Filed reapplying = client.servedAndTerminated(reapplyingId);
        backdate(past, TODAY.minusYears(3).minusDays(1));
        backdate(recent, TODAY.minusYears(3).plusDays(1));
        backdate(reapplying, TODAY.minusYears(3).minusDays(1));
        assertThat(client.apply(reapplyingId).elder()).as("applies again: a new application, the same file")
                .isEqualTo(reapplying.elder());

        assertThat(retention.erase()).isPositive();

        Map<String, Object> erased = jdbc.sql("SELECT * FROM elder WHERE id = ?").param(past.elder()).query()
                .singleRow();
        assertThat(erased).containsEntry("name_enc", null).containsEntry("id_number_enc", null)
                .containsEntry("id_number_index", null).containsEntry("phone_enc", null)
                .containsEntry("address_enc", null).containsEntry("birth_date", null);
        assertThat(erased.get("erased_at")).isNotNull();
        assertThat(client.get("/elders/" + past.elder(), ApplicationApprovalTest.WORKER).getBody())
                .containsEntry("type", "https://eldercare.io/problems/elder-file-erased");
        assertThat(client.search(pastId, ApplicationApprovalTest.WORKER, "check").getStatusCode().value())
                .as("the number leads nowhere: its blind index is gone").isEqualTo(404);
        assertThat(client.get("/applications/" + past.application(), ApplicationApprovalTest.WORKER).getBody())
                .as("the application, ids and codes only, stays").containsEntry("status", "TERMINATED");
        for (ElderClient.Filed kept : List.of(recent, reapplying)) {
            assertThat(client.get("/elders/" + kept.elder(), ApplicationApprovalTest.WORKER).getBody())
                    .containsEntry("name", ElderClient.NAME);
        }
        assertThat(retention.erase()).as("once").isZero();
        assertThat(client.apply(pastId).elder()).as("the same person applying again gets a new file")
                .isNotEqualTo(past.elder());
    }

    @Test
    void theEventsOfAnErasedElderCarryTheirIdAloneWhichNoFileJoinsAnyMore() {
        String idNumber = TestIdNumbers.next();
        ElderClient.Filed filed = client.servedAndTerminated(idNumber);
        backdate(filed, TODAY.minusYears(3).minusDays(1));

        retention.erase();

        await().atMost(Duration.ofSeconds(30)).until(() -> EventProbe.readAllRaw("eldercare.eligibility.events",
                Duration.ofSeconds(1)).stream().anyMatch(r -> r.value().contains(filed.elder().toString())
                        && r.value().contains("DECEASED")));
        List<String> events = EventProbe.readAllRaw("eldercare.eligibility.events", Duration.ofSeconds(1)).stream()
                .map(r -> r.value()).filter(v -> v.contains(filed.elder().toString())).toList();
        assertThat(events).hasSizeGreaterThanOrEqualTo(2).noneMatch(e -> e.contains(idNumber))
                .noneMatch(e -> e.contains(ElderClient.NAME)).noneMatch(e -> e.contains(ElderClient.PHONE))
                .noneMatch(e -> e.contains("百秀街")).noneMatch(e -> e.contains(idNumber.substring(6, 14)));
        assertThat(jdbc.sql("SELECT count(*) FROM elder WHERE id = ? AND name_enc IS NULL AND birth_date IS NULL")
                .param(filed.elder()).query(Long.class).single()).isEqualTo(1);
    }

    /** Moves an application's filing, approval and termination back in time, as if the service ended then. */
    private void backdate(ElderClient.Filed filed, LocalDate terminatedOn) {
        Timestamp filedAt = Timestamp.from(terminatedOn.minusYears(1).atStartOfDay(ZoneId.of("Asia/Shanghai"))
                .toInstant());
        jdbc.sql("""
                UPDATE application SET terminated_on = ?, submitted_at = ?, decided_at = ?,
                       service_start = ? WHERE id = ?""")
                .params(Date.valueOf(terminatedOn), filedAt, filedAt, Date.valueOf(terminatedOn.minusYears(1)),
                        filed.application()).update();
    }
}
