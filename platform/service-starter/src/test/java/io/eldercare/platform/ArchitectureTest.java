package io.eldercare.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.eldercare.testsupport.ArchitectureRules;
import org.junit.jupiter.api.Test;

/**
 * The platform's packages (domain, messaging, money, privacy, readmodel, security, web) import each other in one
 * direction only. The other platform modules are one package each (events, embedded-infra, test-support,
 * production-guard): a cycle test has nothing to check there.
 */
class ArchitectureTest {

    private static final ArchitectureRules RULES = ArchitectureRules.of(PlatformAutoConfiguration.class);

    @Test
    void platformPackagesImportEachOtherInOneDirectionOnly() {
        assertThat(RULES.violations(RULES.noCyclesBetweenFeatures())).as("package cycles").isEmpty();
    }
}
