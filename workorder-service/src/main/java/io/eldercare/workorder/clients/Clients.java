package io.eldercare.workorder.clients;

import io.eldercare.platform.web.ServiceClients;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

/** The clients of the services this one calls. */
@Configuration(proxyBeanMethods = false)
class Clients {

    @Bean
    WalletClient walletClient(ServiceClients clients) {
        return HttpServiceProxyFactory.builderFor(RestClientAdapter.create(clients.forService("wallet-service")))
                .build().createClient(WalletClient.class);
    }
}
