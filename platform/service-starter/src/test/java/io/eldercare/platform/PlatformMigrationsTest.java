package io.eldercare.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eldercare.testsupport.SharedInfrastructure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.StandardEnvironment;

/**
 * A platform migration (V0_x) shipped after a service's own migrations (V1..) were applied still reaches that
 * service's database: the platform defaults apply migrations out of order.
 */
class PlatformMigrationsTest {

    @Test
    void aPlatformMigrationAddedAfterAServicesOwnIsAppliedToItsExistingDatabase() throws IOException {
        SharedInfrastructure.Database db = SharedInfrastructure.database();
        String url = SharedInfrastructure.createDatabase("platform_migrations_test");
        // a database migrated before V0_2 existed: the first platform migration, then the service's V1
        Path before = Files.createTempDirectory(Path.of("target"), "platform-v0_1-");
        try (InputStream first = getClass().getResourceAsStream("/db/platform/V0_1__outbox_inbox_shedlock.sql")) {
            Files.copy(first, before.resolve("V0_1__outbox_inbox_shedlock.sql"));
        }
        Flyway.configure().dataSource(url, db.username(), db.password())
                .locations("filesystem:" + before.toAbsolutePath(), "classpath:db/migration").load().migrate();

        assertThatThrownBy(() -> flyway(url, db, false).migrate()).as("Flyway's default refuses it")
                .isInstanceOf(FlywayException.class).hasMessageContaining("0.2");

        StandardEnvironment environment = new StandardEnvironment();
        new PlatformDefaults().postProcessEnvironment(environment, new SpringApplication());
        boolean outOfOrder = environment.getRequiredProperty("spring.flyway.out-of-order", Boolean.class);
        assertThat(flyway(url, db, outOfOrder).migrate().migrationsExecuted).isPositive();
        assertThat(flyway(url, db, outOfOrder).info().pending()).isEmpty();
    }

    private static Flyway flyway(String url, SharedInfrastructure.Database db, boolean outOfOrder) {
        return Flyway.configure().dataSource(url, db.username(), db.password())
                .locations("classpath:db/migration", "classpath:db/platform").outOfOrder(outOfOrder).load();
    }
}
