package io.eldercare.eligibility;

import io.eldercare.testsupport.Contracts;
import io.eldercare.testsupport.StubHttpServer;
import java.util.List;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * The catalog's answer for the Huangpi pack (the contract catalog-service checks it keeps), served by
 * a small HTTP server for every test context of this module alike, so they still share one context. The system
 * tests run the real catalog.
 */
public final class CatalogStub implements ContextCustomizerFactory {

    static final StubHttpServer CATALOG = StubHttpServer.start().json("/policies/HUANGPI-2020",
            Contracts.response("catalog-policy-HUANGPI-2020"));

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
            TestPropertySourceUtils.addInlinedPropertiesToEnvironment(context,
                    "eldercare.clients.catalog-service.url=" + CATALOG.url());
        }
    }
}
