package io.eldercare.eligibility.application;

import io.eldercare.events.PolicyPublished;
import io.eldercare.platform.domain.Refusal;
import io.eldercare.platform.privacy.IdNumbers;
import java.time.LocalDate;
import java.time.Period;

/**
 * An applicant is old enough for their category on the service start, counted from the birth date in their ID number
 * (黄陂 四(一) 1–5: 60 周岁及以上, the fifth 80 周岁及以上; 嘉峪关: every elder of 60 and over).
 */
final class MinimumAge {

    private MinimumAge() {
    }

    /** Refuses an applicant younger than the category's minimum age on the service start. */
    static void require(String idNumber, LocalDate serviceStart, PolicyPublished.Category category) {
        if (!IdNumbers.isValid(idNumber)) {
            return; // refused with its own message when the file is opened
        }
        int age = Period.between(IdNumbers.birthDate(idNumber), serviceStart).getYears();
        if (age < category.minAge()) {
            throw Refusal.invalid("below-minimum-age", "Below the minimum age",
                    "The applicant is " + age + " on " + serviceStart + "; category " + category.code()
                            + " (" + category.name() + ") is for people of " + category.minAge() + " and over.");
        }
    }
}
