package io.eldercare.testsupport;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;
import org.springframework.util.ClassUtils;

/**
 * Every test method starts with closed circuit breakers: a test that takes a dependency down must not leave its
 * breaker open for the next test in the shared context.
 */
public class ClosedCircuitBreakers extends AbstractTestExecutionListener {

    private static final boolean RESILIENCE4J = ClassUtils.isPresent(
            "io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry", ClosedCircuitBreakers.class.getClassLoader());

    @Override
    public void beforeTestMethod(TestContext testContext) {
        if (RESILIENCE4J) {
            testContext.getApplicationContext().getBeanProvider(CircuitBreakerRegistry.class)
                    .ifAvailable(registry -> registry.getAllCircuitBreakers().forEach(CircuitBreaker::reset));
        }
    }
}
