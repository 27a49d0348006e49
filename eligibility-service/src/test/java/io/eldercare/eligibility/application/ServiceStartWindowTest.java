package io.eldercare.eligibility.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eldercare.platform.domain.Refusal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * A subsidy is paid from the month of approval on, never for months before it, and a start is set at most three
 * months ahead: from the 1st of this month to three months from today.
 */
class ServiceStartWindowTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 7);
    private static final ServiceStartWindow WINDOW = ServiceStartWindow.on(TODAY);

    @Test
    void aServiceStartsOnTheFirstOfThisMonthAtTheEarliest() {
        assertThat(WINDOW.earliest()).isEqualTo(LocalDate.of(2026, 12, 1));
        assertThatCode(() -> WINDOW.requireFiling(LocalDate.of(2026, 12, 1))).doesNotThrowAnyException();
        assertThatThrownBy(() -> WINDOW.requireFiling(LocalDate.of(2026, 11, 30)))
                .isInstanceOfSatisfying(Refusal.class, refusal -> {
                    assertThat(refusal.kind()).isEqualTo(Refusal.Kind.INVALID);
                    assertThat(refusal.problem()).isEqualTo("service-start-out-of-range");
                })
                .hasMessageContaining("from 2026-12-01 to 2027-03-07, not on 2026-11-30");
    }

    @Test
    void aServiceStartsAtMostThreeMonthsFromToday() {
        assertThatCode(() -> WINDOW.requireFiling(LocalDate.of(2027, 3, 7))).doesNotThrowAnyException();
        assertThatThrownBy(() -> WINDOW.requireFiling(LocalDate.of(2027, 3, 8))).isInstanceOf(Refusal.class);
    }

    @Test
    void anApprovalOfALateStartNamesTheStartToApproveWith() {
        LocalDate filedLastMonth = LocalDate.of(2026, 11, 20);

        assertThatThrownBy(() -> WINDOW.requireApproving(filedLastMonth))
                .hasMessageContaining("An application approved today")
                .hasMessageContaining("Approve with {\"serviceStart\": \"2026-12-01\"} or a day up to 2027-03-07.");
        assertThatThrownBy(() -> WINDOW.requireFiling(filedLastMonth))
                .hasMessageContaining("An application filed today").hasMessageNotContaining("Approve with");
    }
}
