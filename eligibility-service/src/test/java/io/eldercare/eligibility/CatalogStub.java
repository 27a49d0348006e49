package io.eldercare.eligibility;

import io.eldercare.testsupport.StubHttpServer;
import java.util.List;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * The catalog's answer for the Huangpi pack (its eligibility categories as seeded by catalog-service's V5), served by
 * a small HTTP server for every test context of this module alike, so they still share one context. The system
 * tests run the real catalog.
 */
public final class CatalogStub implements ContextCustomizerFactory {

    static final StubHttpServer CATALOG = StubHttpServer.start().json("/policies/HUANGPI-2020", """
            {"code":"HUANGPI-2020","version":1,"categories":[
              {"code":"HP-AGED80","name":"80周岁及以上（含80周岁）除以上四类的高龄老人","minAge":80},
              {"code":"HP-DIBAO","name":"60周岁及以上（含60周岁）“低保”老人","minAge":60},
              {"code":"HP-DISABLED","name":"60周岁及以上（含60周岁）一、二级残疾老人","minAge":60},
              {"code":"HP-SELF-PAY","name":"非以上五类条件的社区（村）老人，自费购买服务","minAge":60},
              {"code":"HP-SHIDU","name":"60周岁及以上（含60周岁）失独或独生子女二级以上残疾的老人","minAge":60},
              {"code":"HP-TEKUN","name":"60周岁及以上（含60周岁）特困“原五保、三无”老人","minAge":60}]}""");

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
