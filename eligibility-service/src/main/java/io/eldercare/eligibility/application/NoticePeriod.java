package io.eldercare.eligibility.application;

import io.eldercare.platform.domain.Refusal;
import java.time.LocalDate;

/**
 * The public notice period of an application (公示, 黄陂 六(一)): the community posts it for the pack's days, and
 * the street approves once it has run them without objection (公示无异议后).
 *
 * @param days how long the pack's notice runs (null: the pack has no notice rule)
 * @param postedOn the day the community posted it (null: not yet)
 */
record NoticePeriod(Integer days, LocalDate postedOn) {

    /** A notice is recorded once posted: refuses a day after today (none posted yet is fine). */
    static void requirePostedBy(LocalDate postedOn, LocalDate today) {
        if (postedOn != null && postedOn.isAfter(today)) {
            throw Refusal.invalid("notice-in-future", "Notice date in the future",
                    "A notice is recorded once posted, not for " + postedOn + ".");
        }
    }

    /** The first day the application may be approved (null: no notice needed, or not yet posted). */
    LocalDate endsOn() {
        return days == null || postedOn == null ? null : postedOn.plusDays(days);
    }

    /** Refuses an approval today before the notice has been posted and run its days; no rule, no notice needed. */
    void requireRunOutBy(LocalDate today) {
        if (days == null) {
            return;
        }
        if (postedOn == null) {
            throw Refusal.invalid("public-notice-missing", "Not yet publicly noticed",
                    "The community posts the application publicly for " + days
                            + " days before approval (公示); record the day it was posted first.");
        }
        if (today.isBefore(endsOn())) {
            throw Refusal.invalid("public-notice-running", "Public notice still running",
                    "The public notice posted on " + postedOn + " runs " + days + " days; approve from "
                            + endsOn() + ".");
        }
    }
}
