package io.eldercare.workorder.clients;

import io.eldercare.platform.web.ServiceClients;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The clients of the services this one calls, each behind the resilience4j breaker and retry configured for its
 * backend ({@code resilience4j.*.instances.wallet-service}) and within the request's deadline.
 */
@Configuration(proxyBeanMethods = false)
class Clients {

    @Bean
    WalletClient walletClient(ServiceClients clients) {
        return clients.client("wallet-service", WalletClient.class);
    }
}
