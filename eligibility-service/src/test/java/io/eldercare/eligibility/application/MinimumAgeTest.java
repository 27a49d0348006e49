package io.eldercare.eligibility.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eldercare.events.PolicyPublished.Category;
import io.eldercare.platform.domain.Refusal;
import io.eldercare.testsupport.TestIdNumbers;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * The applicant's age from the birth date in their ID number, on the service start (黄陂 四(一) 1–5: 60 周岁及以上,
 * the fifth category 80 周岁及以上; 嘉峪关: every elder of 60 and over).
 */
class MinimumAgeTest {

    private static final LocalDate START = LocalDate.of(2026, 12, 1);
    private static final Category HP_DIBAO = new Category("HP-DIBAO", "60周岁及以上低保老人", 60, 7000, 3000);
    private static final Category HP_AGED80 = new Category("HP-AGED80", "80周岁及以上高龄老人", 80, 7000, 3000);
    private static final Category JYG_RESIDENT = new Category("JYG-RESIDENT", "全市60周岁及以上老年人", 60, 0, 0);

    @Test
    void huangpiFirstCategoryTakesAnApplicantWhoTurnsSixtyOnTheServiceStart() {
        assertThatCode(() -> MinimumAge.require(TestIdNumbers.bornOn(START.minusYears(60)), START, HP_DIBAO))
                .doesNotThrowAnyException();
    }

    @Test
    void huangpiFirstCategoryRefusesAnApplicantWhoTurnsSixtyTheDayAfterTheServiceStart() {
        String idNumber = TestIdNumbers.bornOn(START.minusYears(60).plusDays(1));

        assertThatThrownBy(() -> MinimumAge.require(idNumber, START, HP_DIBAO))
                .isInstanceOfSatisfying(Refusal.class, refusal -> {
                    assertThat(refusal.kind()).isEqualTo(Refusal.Kind.INVALID);
                    assertThat(refusal.problem()).isEqualTo("below-minimum-age");
                })
                .hasMessageContaining("is 59 on 2026-12-01").hasMessageContaining("60 and over");
    }

    @Test
    void huangpiFifthCategoryIsForPeopleOfEightyAndOver() {
        String seventyNine = TestIdNumbers.bornOn(START.minusYears(80).plusDays(1));
        String eighty = TestIdNumbers.bornOn(START.minusYears(80));

        assertThatThrownBy(() -> MinimumAge.require(seventyNine, START, HP_AGED80)).isInstanceOf(Refusal.class)
                .hasMessageContaining("HP-AGED80").hasMessageContaining("80 and over");
        assertThatCode(() -> MinimumAge.require(eighty, START, HP_AGED80)).doesNotThrowAnyException();
    }

    @Test
    void theAgeIsCountedOnTheServiceStartNotOnTheDayOfFiling() {
        String sixtyInMarch = TestIdNumbers.bornOn(LocalDate.of(1966, 3, 1));

        assertThatThrownBy(() -> MinimumAge.require(sixtyInMarch, LocalDate.of(2026, 2, 1), HP_DIBAO))
                .isInstanceOf(Refusal.class);
        assertThatCode(() -> MinimumAge.require(sixtyInMarch, LocalDate.of(2026, 3, 1), HP_DIBAO))
                .doesNotThrowAnyException();
    }

    @Test
    void jiayuguanTakesEveryElderOfSixtyAndOver() {
        String fiftyNine = TestIdNumbers.bornOn(START.minusYears(60).plusDays(1));

        assertThatThrownBy(() -> MinimumAge.require(fiftyNine, START, JYG_RESIDENT)).isInstanceOf(Refusal.class);
        assertThatCode(() -> MinimumAge.require(TestIdNumbers.bornOn(START.minusYears(60)), START, JYG_RESIDENT))
                .doesNotThrowAnyException();
    }

    @Test
    void anInvalidIdNumberIsLeftToTheOpeningOfTheFileToRefuse() {
        String youngButTruncated = TestIdNumbers.bornOn(START.minusYears(20)).substring(0, 16);

        assertThatCode(() -> MinimumAge.require(youngButTruncated, START, HP_DIBAO)).doesNotThrowAnyException();
    }
}
