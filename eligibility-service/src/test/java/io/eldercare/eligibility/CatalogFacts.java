package io.eldercare.eligibility;

import io.eldercare.testsupport.Contracts;
import java.util.List;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;

/**
 * The catalog's facts (the contract catalog-service checks it keeps) published in its name before any test context
 * of this module starts, so the service builds its copy of the packs from them as it would in production. No
 * catalog runs here; the system tests run the real one.
 */
public final class CatalogFacts implements ContextCustomizerFactory {

    static {
        Contracts.publishEvents("catalog-facts", "eldercare.catalog.events", "catalog-service");
    }

    /** Waits until the service's copy holds both packs (its consumer reads them from offset 0 as it starts). */
    static void awaitCopied(org.springframework.jdbc.core.simple.JdbcClient jdbc) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> jdbc
                .sql("SELECT count(DISTINCT policy_code) FROM policy_pack_copy").query(Long.class).single() >= 2);
    }

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        return new Customizer();
    }

    /** Equal for every test class, so the context cache keeps one context. */
    private record Customizer() implements ContextCustomizer {
        @Override
        public void customizeContext(org.springframework.context.ConfigurableApplicationContext context,
                org.springframework.test.context.MergedContextConfiguration config) {
            // the facts are published once, when the class loads
        }
    }
}
