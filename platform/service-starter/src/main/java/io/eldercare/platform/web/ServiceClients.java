package io.eldercare.platform.web;

import io.eldercare.platform.messaging.TraceIds;
import java.time.Duration;
import org.slf4j.MDC;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.loadbalancer.BlockingLoadBalancerInterceptor;
import org.springframework.cloud.client.loadbalancer.DeferringLoadBalancerInterceptor;
import org.springframework.core.env.Environment;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * HTTP clients for calls to other services through Eureka ({@code http://<service>}), with timeouts and the request
 * id passed on. {@code eldercare.clients.<service>.url} points a client at a fixed address instead.
 */
public class ServiceClients {

    private final ObjectProvider<BlockingLoadBalancerInterceptor> loadBalancer;
    private final Environment environment;

    public ServiceClients(ObjectProvider<BlockingLoadBalancerInterceptor> loadBalancer, Environment environment) {
        this.loadBalancer = loadBalancer;
        this.environment = environment;
    }

    public RestClient forService(String serviceName) {
        SimpleClientHttpRequestFactory requestFactory = new SimpleClientHttpRequestFactory();
        requestFactory.setConnectTimeout(Duration.ofSeconds(2));
        requestFactory.setReadTimeout(Duration.ofSeconds(5));
        RestClient.Builder builder = RestClient.builder()
                .requestFactory(requestFactory)
                .requestInterceptor((request, body, execution) -> {
                    String traceId = MDC.get(TraceIds.MDC_KEY);
                    if (traceId != null) {
                        request.getHeaders().set(TraceIds.HTTP_HEADER, traceId);
                    }
                    return execution.execute(request, body);
                });
        String fixedUrl = environment.getProperty("eldercare.clients." + serviceName + ".url");
        if (fixedUrl != null) {
            return builder.baseUrl(fixedUrl).build();
        }
        return builder.baseUrl("http://" + serviceName)
                .requestInterceptor(new DeferringLoadBalancerInterceptor(loadBalancer))
                .build();
    }
}
