package io.eldercare.feedback.callback;

import io.eldercare.platform.web.ServiceClients;
import java.time.Duration;
import java.time.LocalDate;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/** The callback deadline of a policy pack (黄陂: 服务完成后48小时内电话回访), asked of the catalog. */
@Component
public class CallbackDeadline {

    private record Rules(int callbackDueHours) {
    }

    private record PolicyView(String code, Rules rules) {
    }

    private final ServiceClients clients;
    private final RestClient catalog;

    CallbackDeadline(ServiceClients clients) {
        this.clients = clients;
        this.catalog = clients.forService("catalog-service");
    }

    public Duration of(String policyCode, LocalDate serviceDate) {
        PolicyView policy = clients.call("catalog-service", () -> catalog.get()
                .uri("/policies/{code}?on={day}", policyCode, serviceDate).retrieve().body(PolicyView.class));
        return Duration.ofHours(policy.rules().callbackDueHours());
    }
}
