package io.eldercare.workorder.agreement;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Every hour (and when an agreement is made): the orders of service agreements due in the next two days. */
@Component
class AgreementSchedule {

    private final Agreements agreements;

    AgreementSchedule(Agreements agreements) {
        this.agreements = agreements;
    }

    @Scheduled(cron = "${eldercare.agreements.cron:0 5 * * * *}", zone = "Asia/Shanghai")
    @SchedulerLock(name = "workorder-agreements", lockAtMostFor = "PT30M")
    public void agreements() {
        agreements.placeDue(2);
    }
}
