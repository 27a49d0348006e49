package io.eldercare.platform.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eldercare.testsupport.SharedInfrastructure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A service's database migrated while the service still created {@code policy_pack_copy} in its own migration keeps
 * starting once that copy is gone and the table comes from the platform's read-model location (ADR 0005).
 */
class ReadModelMigrationsTest {

    /** Eligibility's V5 as it was applied (the checksum its application.yml names). */
    private static final String RETIRED_V5 = "5:327141769";

    /** The header of the services' copies; the DDL below it was the platform's, without IF NOT EXISTS. */
    private static final String OLD_COPY_HEADER = """
            -- This service's own copy of the policy-pack versions it enforces, built from the catalog's PolicyPublished events (the
            -- whole version as published: rules and categories are public regulatory data, not personal data).
            """;

    private static final String OTHER_TABLE = "CREATE TABLE elder_note (id BIGINT PRIMARY KEY);\n";

    @Test
    void aDatabaseWhoseServiceMigrationHeldTheCopyMigratesOnceThatMigrationIsDeleted() throws IOException {
        String url = SharedInfrastructure.createDatabase("readmodel_deleted_copy");
        Path before = folder("before-deleted");
        copyFixture(before);
        Files.writeString(before.resolve("V6__elder_note.sql"), OTHER_TABLE);
        flyway(url, before, false).load().migrate();
        JdbcClient jdbc = jdbc(url);
        jdbc.sql("INSERT INTO policy_pack_copy (policy_code, version, effective_from, pack) VALUES ('HP', 1,"
                + " DATE '2026-01-01', '{}')").update();
        assertThat(appliedChecksum(url, before, "5")).as("the old copy, byte for byte: the platform's DDL is the same")
                .isEqualTo(327141769);

        Path after = folder("after-deleted");
        Files.writeString(after.resolve("V6__elder_note.sql"), OTHER_TABLE);
        assertThatThrownBy(() -> flyway(url, after, true).load().migrate()).as("Flyway alone refuses it")
                .isInstanceOf(FlywayException.class);

        ReadModelMigrations.migrate(flyway(url, after, true).load(), List.of(RETIRED_V5));

        assertThat(flyway(url, after, true).load().validateWithResult().validationSuccessful).isTrue();
        assertThat(flyway(url, after, true).load().info().pending()).isEmpty();
        assertThat(jdbc.sql("SELECT count(*) FROM policy_pack_copy").query(Long.class).single())
                .as("the copy's rows stay").isEqualTo(1);
    }

    @Test
    void aDatabaseWhoseServiceMigrationHeldTheCopyAmongOtherTablesMigratesOnceTheCopyIsCutOut() throws IOException {
        String url = SharedInfrastructure.createDatabase("readmodel_edited_copy");
        Path before = folder("before-edited");
        copyFixture(before);
        Path old = before.resolve("V5__policy_pack_copy.sql");
        Files.writeString(old, OTHER_TABLE + Files.readString(old));
        flyway(url, before, false).load().migrate();
        int applied = appliedChecksum(url, before, "5");

        Path after = folder("after-edited");
        Files.writeString(after.resolve("V5__policy_pack_copy.sql"), OTHER_TABLE);

        assertThatThrownBy(() -> ReadModelMigrations.migrate(flyway(url, after, true).load(), List.of("5:1")))
                .as("another checksum is not the retired copy: Flyway's validation stands")
                .isInstanceOf(FlywayException.class).hasMessageContaining("checksum");

        ReadModelMigrations.migrate(flyway(url, after, true).load(), List.of("5:" + applied));
        assertThat(flyway(url, after, true).load().validateWithResult().validationSuccessful).isTrue();
        assertThat(flyway(url, after, true).load().info().pending()).isEmpty();
    }

    @Test
    void aFreshDatabaseGetsTheTableFromThePlatform() throws IOException {
        String url = SharedInfrastructure.createDatabase("readmodel_fresh");
        Path own = folder("fresh");
        Files.writeString(own.resolve("V6__elder_note.sql"), OTHER_TABLE);

        ReadModelMigrations.migrate(flyway(url, own, true).load(), List.of(RETIRED_V5));

        assertThat(jdbc(url).sql("SELECT count(*) FROM policy_pack_copy").query(Long.class).single()).isZero();
        assertThat(flyway(url, own, true).load().info().applied()).extracting(MigrationInfo::getScript)
                .contains("V0_100__policy_pack_copy.sql");
    }

    /** The service's own folder, the platform's tables, and (after the change) the read models' tables. */
    private static FluentConfiguration flyway(String url, Path own, boolean readModels) {
        SharedInfrastructure.Database db = SharedInfrastructure.database();
        FluentConfiguration configuration = Flyway.configure().dataSource(url, db.username(), db.password())
                .locations("filesystem:" + own.toAbsolutePath(), "classpath:db/platform").outOfOrder(true);
        if (readModels) {
            ReadModelMigrations.readModelLocation().customize(configuration);
        }
        return configuration;
    }

    private static int appliedChecksum(String url, Path own, String version) {
        return Arrays.stream(flyway(url, own, false).load().info().applied())
                .filter(info -> info.getVersion().getVersion().equals(version)).findFirst().orElseThrow()
                .getChecksum();
    }

    private static JdbcClient jdbc(String url) {
        SharedInfrastructure.Database db = SharedInfrastructure.database();
        return JdbcClient.create(new DriverManagerDataSource(url, db.username(), db.password()));
    }

    private static Path folder(String name) throws IOException {
        return Files.createTempDirectory(Path.of("target"), "readmodel-" + name + "-");
    }

    /** The copy the services held (eligibility V5): the platform's DDL as a plain CREATE, under the old header. */
    private static void copyFixture(Path folder) throws IOException {
        try (InputStream platform = ReadModelMigrationsTest.class.getResourceAsStream(
                "/db/readmodel/V0_100__policy_pack_copy.sql")) {
            String ddl = new String(platform.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.startsWith("--")).map(line -> line.replace(" IF NOT EXISTS", ""))
                    .collect(Collectors.joining("\n", "", "\n"));
            Files.writeString(folder.resolve("V5__policy_pack_copy.sql"), OLD_COPY_HEADER + ddl);
        }
    }
}
