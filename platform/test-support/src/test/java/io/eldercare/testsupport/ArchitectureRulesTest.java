package io.eldercare.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/** Each rule fails on a layout that breaks it on purpose (archfixture.bad) and holds on one that keeps it. */
class ArchitectureRulesTest {

    private static final String BAD = "io.eldercare.testsupport.archfixture.bad";
    private static final String GOOD = "io.eldercare.testsupport.archfixture.good";
    private static final ArchitectureRules BROKEN = ArchitectureRules.of(BAD, imported(BAD));
    private static final ArchitectureRules KEPT = ArchitectureRules.of(GOOD, imported(GOOD));

    @Test
    void featuresImportingEachOtherAreACycle() {
        assertThat(violations(BROKEN, BROKEN.noCyclesBetweenFeatures()))
                .contains("Cycle detected").contains("feature a").contains("feature b");
    }

    @Test
    void anEntityImportingHttpStatusBreaksTheDomainRule() {
        assertThat(violations(BROKEN, BROKEN.domainKnowsNoHttp()))
                .contains("archfixture.bad.a.Visit").contains("org.springframework.http.HttpStatus");
    }

    @Test
    void anotherFeatureCallingAControllerBreaksTheControllerRule() {
        assertThat(violations(BROKEN, BROKEN.controllersReachedOnlyFromTheirPackage()))
                .contains("bad.a.Visit").contains("CaregiverController");
    }

    @Test
    void anotherFeatureUsingARepositoryOrAnInternalClassBreaksTheInternalsRule() {
        assertThat(violations(BROKEN, BROKEN.featureInternalsStayInside()))
                .contains("CaregiverRepository").contains("internal.Roster");
    }

    @Test
    void aLayoutThatKeepsTheRulesPassesEveryRule() {
        for (ArchRule rule : KEPT.all()) {
            EvaluationResult result = rule.evaluate(KEPT.classes());
            assertThat(result.hasViolation()).as(rule.getDescription() + ": " + result.getFailureReport()).isFalse();
        }
        assertThat(KEPT.classes().contain("io.eldercare.testsupport.archfixture.good.order.OrderController")).isTrue();
    }

    @Test
    void theWebLayerMayKnowHttp() {
        assertThat(violations(BROKEN, BROKEN.domainKnowsNoHttp())).doesNotContain("CaregiverController");
    }

    private static String violations(ArchitectureRules rules, ArchRule rule) {
        EvaluationResult result = rule.evaluate(rules.classes());
        assertThat(result.hasViolation()).as(rule.getDescription()).isTrue();
        return String.join("\n", result.getFailureReport().getDetails());
    }

    private static JavaClasses imported(String pkg) {
        return new ClassFileImporter().importPackages(pkg);
    }
}
