package io.eldercare.eligibility.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eldercare.eligibility.application.Application.Status;
import io.eldercare.eligibility.application.Application.TerminationReason;
import io.eldercare.platform.domain.Refusal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The application's own rules: the public notice it carries (黄陂 六(一)) and the end of its service. */
class ApplicationTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 7);
    private static final LocalDate START = LocalDate.of(2026, 12, 1);

    @Test
    void aServiceIsTerminatedFromTodayAtTheLatestNotFromADayToCome() {
        Application approved = approved();

        assertThatThrownBy(() -> approved.terminate(TODAY.plusDays(1), TerminationReason.MOVED_AWAY, TODAY))
                .isInstanceOfSatisfying(Refusal.class, refusal -> {
                    assertThat(refusal.kind()).isEqualTo(Refusal.Kind.INVALID);
                    assertThat(refusal.problem()).isEqualTo("termination-in-future");
                });
        assertThat(approved.status()).isEqualTo(Status.APPROVED);

        approved.terminate(TODAY, TerminationReason.MOVED_AWAY, TODAY);

        assertThat(approved.status()).isEqualTo(Status.TERMINATED);
        assertThat(approved.terminatedOn()).isEqualTo(TODAY);
    }

    @Test
    void huangpiApprovalWaitsForTheNoticeTheApplicationWasFiledUnder() {
        Application filed = filed();
        filed.noticeRule(7, TODAY.minusDays(3));

        assertThatThrownBy(() -> filed.requireNoticeRunOut(TODAY)).isInstanceOfSatisfying(Refusal.class,
                refusal -> assertThat(refusal.problem()).isEqualTo("public-notice-running"));
        assertThat(filed.noticeEndsOn()).isEqualTo(TODAY.plusDays(4));
    }

    @Test
    void aNoticeRecordedAfterFilingIsNotForADayToCome() {
        Application filed = filed();
        filed.noticeRule(7, null);

        assertThatThrownBy(() -> filed.postedPubliclyOn(TODAY.plusDays(1), TODAY)).isInstanceOfSatisfying(
                Refusal.class, refusal -> assertThat(refusal.problem()).isEqualTo("notice-in-future"));
        filed.postedPubliclyOn(TODAY, TODAY);

        assertThat(filed.noticePostedOn()).isEqualTo(TODAY);
    }

    private static Application filed() {
        return new Application(UUID.randomUUID(), "HUANGPI-2020", "HP-DIBAO", "HP-QIANCHUAN", "HP-QIANCHUAN-01",
                START, Instant.parse("2026-12-01T02:00:00Z"));
    }

    private static Application approved() {
        Application application = filed();
        application.approve(Instant.parse("2026-12-02T02:00:00Z"));
        return application;
    }
}
