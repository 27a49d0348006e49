package io.eldercare.platform.readmodel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.CoreErrorCode;
import org.flywaydb.core.api.ErrorCode;
import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.ValidateOutput;
import org.flywaydb.core.api.output.ValidateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The tables of the platform's read models ({@link PolicyPacks}' {@code policy_pack_copy}), migrated from
 * {@value #LOCATION} in every service that imports a read model (ADR 0005). Their versions start at {@code V0_100}:
 * below a service's own {@code V1}, applied out of order like the platform's {@code db/platform} ones.
 * <p>
 * Services used to create these tables in their own migrations. Those copies are gone; a database migrated before
 * still records them, with the checksum of the file as it was then. A service names them in
 * {@code eldercare.readmodel.retired-copies} as {@code version:checksum}, and when they are the only migrations that
 * no longer match, the history is repaired (Flyway's {@code repair}) before migrating. Any other mismatch is left to
 * Flyway's validation, which stops the service as always.
 */
@Configuration(proxyBeanMethods = false)
public class ReadModelMigrations {

    public static final String LOCATION = "classpath:db/readmodel";

    /** Service migrations that created a read model's table, as {@code version:checksum} of the applied file. */
    public static final String RETIRED_COPIES = "eldercare.readmodel.retired-copies";

    private static final Logger log = LoggerFactory.getLogger(ReadModelMigrations.class);

    /** What changed in an applied migration when its copy of a read model's DDL was taken out of it. */
    private static final Set<ErrorCode> RETIRED = Set.of(CoreErrorCode.CHECKSUM_MISMATCH,
            CoreErrorCode.APPLIED_VERSIONED_MIGRATION_NOT_RESOLVED);

    /** Not drift: migrations still to apply. */
    private static final Set<ErrorCode> PENDING = Set.of(CoreErrorCode.RESOLVED_VERSIONED_MIGRATION_NOT_APPLIED,
            CoreErrorCode.RESOLVED_REPEATABLE_MIGRATION_NOT_APPLIED, CoreErrorCode.OUTDATED_REPEATABLE_MIGRATION);

    @Bean
    static FlywayConfigurationCustomizer readModelLocation() {
        return configuration -> {
            Location readModels = new Location(LOCATION);
            List<Location> locations = new ArrayList<>(Arrays.asList(configuration.getLocations()));
            if (!locations.contains(readModels)) {
                locations.add(readModels);
                configuration.locations(locations.toArray(Location[]::new));
            }
        };
    }

    @Bean
    static FlywayMigrationStrategy adoptingRetiredCopies(Environment environment) {
        List<String> retired = Binder.get(environment).bind(RETIRED_COPIES, Bindable.listOf(String.class))
                .orElse(List.of());
        return flyway -> migrate(flyway, retired);
    }

    /**
     * Repairs the history when the only applied migrations that no longer match are the retired copies (each by
     * version and applied checksum), then migrates.
     */
    public static void migrate(Flyway flyway, List<String> retiredCopies) {
        if (!retiredCopies.isEmpty()) {
            ValidateResult result = flyway.validateWithResult();
            List<ValidateOutput> drift = result.invalidMigrations.stream()
                    .filter(output -> !PENDING.contains(output.errorDetails.errorCode)).toList();
            if (!drift.isEmpty() && drift.stream().allMatch(output -> isRetiredCopy(flyway, output, retiredCopies))) {
                log.info("read-model tables now come from {}: repairing the history of the service migrations"
                        + " that held their copies ({})", LOCATION, retiredCopies);
                flyway.repair();
            }
        }
        flyway.migrate();
    }

    private static boolean isRetiredCopy(Flyway flyway, ValidateOutput output, List<String> retiredCopies) {
        if (!RETIRED.contains(output.errorDetails.errorCode)) {
            return false;
        }
        return Arrays.stream(flyway.info().applied())
                .filter(applied -> applied.getVersion() != null
                        && applied.getVersion().getVersion().equals(output.version))
                .map(MigrationInfo::getChecksum).filter(Objects::nonNull)
                .anyMatch(checksum -> retiredCopies.contains(output.version + ":" + checksum));
    }
}
