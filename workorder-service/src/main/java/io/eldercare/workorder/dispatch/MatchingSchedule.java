package io.eldercare.workorder.dispatch;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Matching, every few seconds on every instance (each takes its own orders: SKIP LOCKED): offers left unanswered go on
 * to the next candidate, and waiting visits are offered to their best one.
 */
@Component
class MatchingSchedule {

    private final Matching matching;
    private final boolean automaticDispatch;

    MatchingSchedule(Matching matching, DispatchSettings settings) {
        this.matching = matching;
        this.automaticDispatch = settings.automatic();
    }

    @Scheduled(fixedDelayString = "${eldercare.dispatch.interval:5s}", initialDelayString = "10s")
    public void match() {
        if (!automaticDispatch) {
            return;
        }
        matching.expireOffers();
        int passes = 0;
        while (matching.offerWaiting(100) == 100 && ++passes < 50) {
            // more are waiting: go on
        }
    }
}
