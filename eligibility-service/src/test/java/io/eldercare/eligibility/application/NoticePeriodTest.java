package io.eldercare.eligibility.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eldercare.platform.domain.Refusal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** 黄陂 六(一): the community posts the application publicly (公示), and the street approves 公示无异议后. */
class NoticePeriodTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 7);

    @Test
    void huangpiApprovalIsRefusedUntilTheCommunityHasPostedTheNotice() {
        assertThatThrownBy(() -> new NoticePeriod(7, null).requireRunOutBy(TODAY))
                .isInstanceOfSatisfying(Refusal.class,
                        refusal -> assertThat(refusal.problem()).isEqualTo("public-notice-missing"))
                .hasMessageContaining("for 7 days before approval");
    }

    @Test
    void huangpiApprovalIsRefusedWhileTheNoticeRunsItsDays() {
        NoticePeriod postedSixDaysAgo = new NoticePeriod(7, TODAY.minusDays(6));

        assertThatThrownBy(() -> postedSixDaysAgo.requireRunOutBy(TODAY))
                .isInstanceOfSatisfying(Refusal.class,
                        refusal -> assertThat(refusal.problem()).isEqualTo("public-notice-running"))
                .hasMessageContaining("approve from " + TODAY.plusDays(1));
    }

    @Test
    void huangpiApprovalIsOpenOnTheDayTheNoticeHasRunItsDays() {
        NoticePeriod postedAWeekAgo = new NoticePeriod(7, TODAY.minusDays(7));

        assertThat(postedAWeekAgo.endsOn()).isEqualTo(TODAY);
        assertThatCode(() -> postedAWeekAgo.requireRunOutBy(TODAY)).doesNotThrowAnyException();
    }

    @Test
    void aPackWithoutANoticeRuleNeedsNoNoticeBeforeApproval() {
        NoticePeriod none = new NoticePeriod(null, null);

        assertThat(none.endsOn()).isNull();
        assertThatCode(() -> none.requireRunOutBy(TODAY)).doesNotThrowAnyException();
    }

    @Test
    void aNoticeIsRecordedOncePostedNotForADayToCome() {
        assertThatThrownBy(() -> NoticePeriod.requirePostedBy(TODAY.plusDays(1), TODAY))
                .isInstanceOfSatisfying(Refusal.class,
                        refusal -> assertThat(refusal.problem()).isEqualTo("notice-in-future"));
        assertThatCode(() -> NoticePeriod.requirePostedBy(TODAY, TODAY)).doesNotThrowAnyException();
        assertThatCode(() -> NoticePeriod.requirePostedBy(null, TODAY)).doesNotThrowAnyException();
    }
}
