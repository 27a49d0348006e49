package io.eldercare.eligibility.application;

import io.eldercare.events.PolicyPublished;
import io.eldercare.platform.domain.Refusal;
import io.eldercare.platform.readmodel.PolicyPacks;
import java.time.LocalDate;
import org.springframework.stereotype.Component;

/**
 * The eligibility categories, their ages and the public-notice days of the pack in force on a service start, from
 * this service's own copy of the packs (a 503 while the catalog's pack has not reached it; never a guess).
 */
@Component
class PackCategories {

    /** The applicant's category and the pack's public-notice days (null: no notice). */
    record Terms(PolicyPublished.Category category, Integer publicNoticeDays) {
    }

    private final PolicyPacks packs;

    PackCategories(PolicyPacks packs) {
        this.packs = packs;
    }

    /** The region of a policy, once this service has a version of it. */
    String regionOf(String policyCode) {
        return packs.regionOf(policyCode).orElse(null);
    }

    /** The category and the notice rule, or a 422 naming the pack's categories. */
    Terms require(String policyCode, String category, LocalDate serviceStart) {
        PolicyPublished pack = packs.inForceOn(policyCode, serviceStart);
        PolicyPublished.Category found = pack.categories().stream().filter(c -> c.code().equals(category))
                .findFirst()
                .orElseThrow(() -> Refusal.invalid("unknown-category", "Not a category of the policy",
                        category + " is not an eligibility category of " + policyCode + " on " + serviceStart
                                + "; its categories are " + pack.categories().stream()
                                        .map(PolicyPublished.Category::code).toList() + "."));
        return new Terms(found, pack.rules().publicNoticeDays());
    }
}
