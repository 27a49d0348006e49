package io.eldercare.platform;

import io.eldercare.platform.web.ProblemDetailsAdvice;
import io.eldercare.platform.web.RequestDeadlineFilter;
import io.eldercare.platform.web.ServiceClients;
import io.eldercare.platform.web.TraceIdFilter;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.servers.Server;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import java.time.ZoneId;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.cloud.client.loadbalancer.BlockingLoadBalancerInterceptor;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Web defaults of every service: the Asia/Shanghai clock, request ids, problem details, service clients and the
 * deadline they share while a request is served.
 */
@AutoConfiguration
@Import(ProblemDetailsAdvice.class)
public class PlatformAutoConfiguration {

    /** Days and months are Asia/Shanghai everywhere. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.system(ZONE);
    }

    @Bean
    FilterRegistrationBean<TraceIdFilter> traceIdFilter() {
        FilterRegistrationBean<TraceIdFilter> registration = new FilterRegistrationBean<>(new TraceIdFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** Starts the clock that the calls to other services made while serving a request share. */
    @Bean
    FilterRegistrationBean<RequestDeadlineFilter> requestDeadlineFilter(
            @Value("${eldercare.clients.request-deadline:2500ms}") Duration requestDeadline) {
        FilterRegistrationBean<RequestDeadlineFilter> registration =
                new FilterRegistrationBean<>(new RequestDeadlineFilter(requestDeadline));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    /** The API as seen through the gateway: {@code /api/<service>} is where clients and the Swagger UI call it. */
    @Bean
    @ConditionalOnMissingBean
    OpenAPI eldercareOpenApi(@Value("${spring.application.name}") String application) {
        String route = application.replace("-service", "");
        return new OpenAPI()
                .info(new Info().title(application).version("v1")
                        .description("Eldercare platform: " + application + ", called through the gateway"))
                .servers(List.of(new Server().url("/api/" + route).description("through the gateway")))
                // "Authorize" in the Swagger UI takes an access token (./deploy/local/token.sh USER)
                .components(new Components().addSecuritySchemes("bearer", new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }

    @Bean
    @ConditionalOnMissingBean
    ServiceClients serviceClients(ObjectProvider<BlockingLoadBalancerInterceptor> loadBalancer,
            Environment environment, CircuitBreakerRegistry circuitBreakers, RetryRegistry retries,
            ObjectProvider<OAuth2AuthorizedClientManager> tokens,
            ObjectProvider<OAuth2AuthorizedClientService> cachedTokens) {
        return new ServiceClients(loadBalancer, environment, circuitBreakers, retries, tokens, cachedTokens);
    }
}
