package io.eldercare.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * The four {@link ArchitectureRules} as tests on a service's main classes; a service's {@code ArchitectureTest}
 * extends it, naming its application class.
 */
public abstract class ServiceArchitectureTest {

    private final ArchitectureRules rules;
    private final String noDomainBecause;

    protected ServiceArchitectureTest(Class<?> application) {
        this(application, null);
    }

    /** For a module with no domain at all (an HTTP edge): the domain rule is skipped, saying why. */
    protected ServiceArchitectureTest(Class<?> application, String noDomainBecause) {
        this.rules = ArchitectureRules.of(application);
        this.noDomainBecause = noDomainBecause;
    }

    @Test
    void featuresImportEachOtherInOneDirectionOnly() {
        assertThat(rules.violations(rules.noCyclesBetweenFeatures())).as("package cycles").isEmpty();
    }

    @Test
    void onlyTheWebLayerKnowsHttp() {
        assumeTrue(noDomainBecause == null, noDomainBecause);
        assertThat(rules.violations(rules.domainKnowsNoHttp())).as("domain classes using HTTP").isEmpty();
    }

    @Test
    void controllersAreReachedFromNoOtherFeature() {
        assertThat(rules.violations(rules.controllersReachedOnlyFromTheirPackage()))
                .as("controllers used from another package").isEmpty();
    }

    @Test
    void featuresUseEachOtherThroughTheirServicesNotTheirRepositories() {
        assertThat(rules.violations(rules.featureInternalsStayInside()))
                .as("another feature's repositories or internals used").isEmpty();
    }
}
