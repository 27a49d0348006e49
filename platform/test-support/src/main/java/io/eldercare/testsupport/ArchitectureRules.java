package io.eldercare.testsupport;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The structure every service keeps, written once. A service's features are the packages right below its root
 * package ({@code io.eldercare.<service>.<feature>..}); the root holds the application class and wiring.
 * <ul>
 * <li>{@link #noCyclesBetweenFeatures()}: no feature depends on itself through others;</li>
 * <li>{@link #domainKnowsNoHttp()}: only the web layer ({@link #WEB_LAYER}) depends on HTTP types;</li>
 * <li>{@link #controllersReachedOnlyFromTheirPackage()}: a controller is an entry point, nobody else calls it;</li>
 * <li>{@link #featureInternalsStayInside()}: another feature goes through a feature's services, not its repositories
 * or its {@code internal} package.</li>
 * </ul>
 * A service's test holds {@code ArchitectureRules.of(CatalogApplication.class)} and checks each rule with
 * {@link #violations(ArchRule)}, asserting there are none.
 */
public final class ArchitectureRules {

    private static final String CONTROLLER = "org.springframework.stereotype.Controller";
    private static final String CONTROLLER_ADVICE = "org.springframework.web.bind.annotation.ControllerAdvice";
    private static final String HTTP_EXCHANGE = "org.springframework.web.service.annotation.HttpExchange";
    private static final String CONFIGURATION = "org.springframework.context.annotation.Configuration";
    private static final String SPRING_DATA_REPOSITORY = "org.springframework.data.repository.Repository";
    private static final List<String> WEB_HOOKS = List.of("jakarta.servlet.Filter",
            "org.springframework.web.server.WebFilter", "org.springframework.web.server.WebExceptionHandler",
            "org.springframework.web.servlet.HandlerInterceptor",
            "org.springframework.security.web.AuthenticationEntryPoint",
            "org.springframework.security.web.access.AccessDeniedHandler",
            "org.springframework.cloud.gateway.filter.GlobalFilter", "org.springframework.cloud.gateway.filter.GatewayFilter");

    /** The packages that are HTTP: what a domain class must not know. */
    public static final String[] HTTP_PACKAGES = {"org.springframework.http..", "org.springframework.web..",
            "jakarta.servlet..", "io.eldercare.platform.web.."};

    /**
     * The web layer, by role and not by name: controllers and controller advice, HTTP clients ({@code @HttpExchange}
     * interfaces and anything in a {@code clients} or {@code web} package), servlet and reactive filters, exception
     * handlers and security entry points, {@code @Configuration} classes (security chains, filters, client wiring),
     * and the types nested in any of these (their request and response records).
     */
    public static final DescribedPredicate<JavaClass> WEB_LAYER = DescribedPredicate.describe("the web layer",
            ArchitectureRules::isWebLayer);

    private final String root;
    private final JavaClasses classes;

    private ArchitectureRules(String root, JavaClasses classes) {
        this.root = root;
        this.classes = classes;
    }

    /** The rules over the main classes of the module that holds {@code application}, rooted at its package. */
    public static ArchitectureRules of(Class<?> application) {
        Path location = codeLocation(application);
        JavaClasses main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPath(location);
        return new ArchitectureRules(application.getPackageName(), main);
    }

    /** The rules over given classes rooted at a package (for checking the rules themselves). */
    public static ArchitectureRules of(String rootPackage, JavaClasses classes) {
        return new ArchitectureRules(rootPackage, classes);
    }

    public JavaClasses classes() {
        return classes;
    }

    /**
     * Every violation of the rule, one line each (empty when it holds), for a test to assert on. A rule over no
     * classes at all holds trivially, so this first insists that the module's classes were found.
     */
    public List<String> violations(ArchRule rule) {
        if (classes.isEmpty()) {
            throw new IllegalStateException("no classes imported under " + root + ": the rule would check nothing");
        }
        return rule.evaluate(classes).getFailureReport().getDetails();
    }

    /** No package cycles between features: {@code <root>.(*)..} as slices. */
    public ArchRule noCyclesBetweenFeatures() {
        return slices().matching(root + ".(*)..").namingSlices("feature $1").should().beFreeOfCycles()
                .allowEmptyShould(true);
    }

    /**
     * Everything outside the web layer (aggregates, entities, rules, application services, jobs, event handlers)
     * depends on no HTTP type: a rule refuses with {@code io.eldercare.platform.domain.Refusal}, the web layer maps it.
     */
    public ArchRule domainKnowsNoHttp() {
        return noClasses().that().resideInAPackage(root + "..").and(not(WEB_LAYER))
                .should().dependOnClassesThat().resideInAnyPackage(HTTP_PACKAGES)
                .as("domain classes (everything outside the web layer) know no HTTP")
                .allowEmptyShould(true);
    }

    /** A controller (and the records nested in it) is used by no class outside its own package. */
    public ArchRule controllersReachedOnlyFromTheirPackage() {
        return ArchRuleDefinition.classes().that(DescribedPredicate.describe("are controllers or nested in one",
                        (JavaClass c) -> outermost(c).isMetaAnnotatedWith(CONTROLLER)))
                .and().resideInAPackage(root + "..")
                .should(beUsedOnlyWithin("their own package", ArchitectureRules::samePackage))
                .allowEmptyShould(true);
    }

    /**
     * A feature's internals are its Spring Data repositories and whatever sits in an {@code internal} sub-package:
     * another feature goes through the feature's services instead. The root package (application class and wiring)
     * belongs to no feature and is not held to this.
     */
    public ArchRule featureInternalsStayInside() {
        DescribedPredicate<JavaClass> internals = DescribedPredicate.describe(
                "are a feature's internals (repositories, ..internal..)", (JavaClass c) -> feature(c).isPresent()
                        && (c.isAssignableTo(SPRING_DATA_REPOSITORY) || c.getPackageName().contains(".internal")));
        return ArchRuleDefinition.classes().that(internals)
                .should(beUsedOnlyWithin("their feature or the root package", (origin, target) ->
                        feature(origin).isEmpty() || feature(origin).equals(feature(target))))
                .allowEmptyShould(true);
    }

    /** All four rules. */
    public List<ArchRule> all() {
        return List.of(noCyclesBetweenFeatures(), domainKnowsNoHttp(), controllersReachedOnlyFromTheirPackage(),
                featureInternalsStayInside());
    }

    private Optional<String> feature(JavaClass c) {
        String name = c.getPackageName();
        if (!name.startsWith(root + ".")) {
            return Optional.empty();
        }
        String rest = name.substring(root.length() + 1);
        int dot = rest.indexOf('.');
        return Optional.of(dot < 0 ? rest : rest.substring(0, dot));
    }

    private interface Allowed {
        boolean test(JavaClass origin, JavaClass target);
    }

    private static ArchCondition<JavaClass> beUsedOnlyWithin(String where, Allowed allowed) {
        return new ArchCondition<>("be used only within " + where) {
            @Override
            public void check(JavaClass target, ConditionEvents events) {
                for (Dependency d : target.getDirectDependenciesToSelf()) {
                    JavaClass origin = d.getOriginClass();
                    if (!allowed.test(origin, target)) {
                        events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                    }
                }
            }
        };
    }

    private static boolean samePackage(JavaClass origin, JavaClass target) {
        return origin.getPackageName().equals(target.getPackageName());
    }

    private static boolean isWebLayer(JavaClass c) {
        JavaClass top = outermost(c);
        String pkg = top.getPackageName();
        return top.isMetaAnnotatedWith(CONTROLLER) || top.isMetaAnnotatedWith(CONTROLLER_ADVICE)
                || top.isMetaAnnotatedWith(CONFIGURATION) || top.isMetaAnnotatedWith(HTTP_EXCHANGE)
                || top.getMethods().stream().anyMatch(m -> m.isMetaAnnotatedWith(HTTP_EXCHANGE))
                || WEB_HOOKS.stream().anyMatch(top::isAssignableTo)
                || pkg.endsWith(".web") || pkg.contains(".web.")
                || pkg.endsWith(".clients") || pkg.contains(".clients.");
    }

    private static JavaClass outermost(JavaClass c) {
        JavaClass top = c;
        while (top.getEnclosingClass().isPresent()) {
            top = top.getEnclosingClass().get();
        }
        return top;
    }

    private static Path codeLocation(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("no code location for " + type, e);
        }
    }
}
