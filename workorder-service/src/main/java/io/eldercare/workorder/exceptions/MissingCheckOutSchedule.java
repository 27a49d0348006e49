package io.eldercare.workorder.exceptions;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Visits checked in hours ago and never checked out go to the exceptions queue (MISSING_CHECK_OUT); once a cluster. */
@Component
class MissingCheckOutSchedule {

    private final ExceptionDecisions decisions;

    MissingCheckOutSchedule(ExceptionDecisions decisions) {
        this.decisions = decisions;
    }

    @Scheduled(fixedDelayString = "${eldercare.visits.missing-check-out-interval:15m}", initialDelayString = "60s")
    @SchedulerLock(name = "workorder-missing-check-out", lockAtMostFor = "PT10M")
    public void missingCheckOuts() {
        decisions.raiseMissingCheckOuts();
    }
}
