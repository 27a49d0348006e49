package io.eldercare.catalog.provider;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Daily at 01:00 Asia/Shanghai, once per cluster: contracts ending within 90 days are announced for re-tender. */
@Component
class ContractAlertJob {

    private final Providers providers;

    ContractAlertJob(Providers providers) {
        this.providers = providers;
    }

    @Scheduled(cron = "${eldercare.catalog.contract-alert-cron:0 0 1 * * *}", zone = "Asia/Shanghai")
    @SchedulerLock(name = "contract-expiry-alerts", lockAtMostFor = "PT30M")
    public void alertExpiringContracts() {
        providers.alertExpiringContracts();
    }
}
