package io.eldercare.eligibility.application;

import io.eldercare.platform.domain.Refusal;
import java.time.LocalDate;

/**
 * The days a service may start on, seen from today (Asia/Shanghai): a subsidy is paid from the month of approval on,
 * never for months before it, and a start is set at most three months ahead. So from the 1st of this month to three
 * months from today. An application filed late in a month and approved in the next is approved with a new start.
 *
 * @param earliest the 1st of this month
 * @param latest three months from today
 */
record ServiceStartWindow(LocalDate earliest, LocalDate latest) {

    /** The window as it stands on a day. */
    static ServiceStartWindow on(LocalDate today) {
        return new ServiceStartWindow(today.withDayOfMonth(1), today.plusMonths(3));
    }

    /** Refuses a start outside the window for an application filed today. */
    void requireFiling(LocalDate serviceStart) {
        require(serviceStart, "filed today", "");
    }

    /** Refuses a start outside the window for an application approved today, naming the start to approve with. */
    void requireApproving(LocalDate serviceStart) {
        require(serviceStart, "approved today", " Approve with {\"serviceStart\": \"" + earliest + "\"} or a day up to "
                + latest + ".");
    }

    private void require(LocalDate serviceStart, String when, String howToApprove) {
        if (serviceStart.isBefore(earliest) || serviceStart.isAfter(latest)) {
            throw Refusal.invalid("service-start-out-of-range", "Service start out of range",
                    "An application " + when + " may start service from " + earliest + " to " + latest
                            + ", not on " + serviceStart + ": no subsidy is paid for months before the approval,"
                            + " and a start is set at most three months ahead." + howToApprove);
        }
    }
}
