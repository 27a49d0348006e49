package io.eldercare.testsupport;

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
        rules.check(rules.noCyclesBetweenFeatures());
    }

    @Test
    void onlyTheWebLayerKnowsHttp() {
        assumeTrue(noDomainBecause == null, noDomainBecause);
        rules.check(rules.domainKnowsNoHttp());
    }

    @Test
    void controllersAreReachedFromNoOtherFeature() {
        rules.check(rules.controllersReachedOnlyFromTheirPackage());
    }

    @Test
    void featuresUseEachOtherThroughTheirServicesNotTheirRepositories() {
        rules.check(rules.featureInternalsStayInside());
    }
}
