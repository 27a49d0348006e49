package io.eldercare.workorder.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.eldercare.testsupport.SharedInfrastructure;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * V20 moves the visit's evidence out of work_order into visit: on a database migrated to V19 holding an order in every
 * status, each with the evidence it has at that point, the migration keeps every row's data — each order has its visit
 * row with the same values — and work_order keeps none of the moved columns.
 */
class VisitMigrationTest {

    private static final List<String> EVIDENCE = List.of("caregiver_id", "dispatched_at", "accepted_at",
            "checked_in_at", "check_in_distance_m", "check_in_photo", "checked_out_at", "check_out_distance_m",
            "check_out_photo", "confirmed_at", "confirmation_method", "confirmation_score", "confirmation_signature",
            "confirmation_note", "confirmation_credential", "billed_minutes");

    private static String url;
    private static SharedInfrastructure.Database server;
    /** Each order's evidence as it stood in work_order before V20, as text. */
    private static final Map<VisitStatus, Map<String, String>> BEFORE = new EnumMap<>(VisitStatus.class);
    private static final Map<VisitStatus, UUID> ORDERS = new EnumMap<>(VisitStatus.class);

    @BeforeAll
    static void ordersInEveryStatusMigratedToV20() throws SQLException {
        server = SharedInfrastructure.database();
        url = SharedInfrastructure.createDatabase("visit_migration_" + UUID.randomUUID().toString().replace("-", ""));
        flyway("19").migrate();
        UUID elder = UUID.randomUUID();
        try (Connection db = connect()) {
            db.createStatement().execute("INSERT INTO elder (elder_id, policy_code, category, community_code,"
                    + " service_start, registered_at) VALUES ('" + elder + "', 'HUANGPI-2020', 'HP-DIBAO',"
                    + " 'HP-QIANCHUAN-01', '2024-05-01', now())");
            for (VisitStatus status : VisitStatus.values()) {
                UUID order = UUID.randomUUID();
                ORDERS.put(status, order);
                insertOrder(db, order, elder, status);
                BEFORE.put(status, evidence(db, "SELECT " + String.join(", ", EVIDENCE)
                        + " FROM work_order WHERE id = '" + order + "'"));
            }
        }
        flyway(null).migrate();
    }

    @Test
    void everyOrderKeepsItsVisitEvidenceInTheVisitTableWhateverItsStatus() throws SQLException {
        try (Connection db = connect()) {
            for (VisitStatus status : VisitStatus.values()) {
                Map<String, String> after = evidence(db, "SELECT " + String.join(", ", EVIDENCE)
                        + " FROM visit WHERE order_id = '" + ORDERS.get(status) + "'");
                assertThat(after).as(status.name()).isEqualTo(BEFORE.get(status));
            }
        }
    }

    @Test
    void theEvidenceOfAVisitThatBeganWasNotEmptyBeforeTheMigration() {
        // what the first test compares is real: a checked-out visit had its photos, a completed one its confirmation
        assertThat(BEFORE.get(VisitStatus.CHECKED_OUT).get("check_out_photo")).isNotNull();
        assertThat(BEFORE.get(VisitStatus.COMPLETED).get("confirmation_method")).isEqualTo("WITNESSED_SIGNATURE");
        assertThat(BEFORE.get(VisitStatus.COMPLETED).get("billed_minutes")).isEqualTo("45");
        assertThat(BEFORE.get(VisitStatus.CREATED).get("caregiver_id")).isNull();
    }

    @Test
    void theOrdersKeepTheirOwnColumnsAndLoseTheMovedOnes() throws SQLException {
        try (Connection db = connect()) {
            List<String> columns = new ArrayList<>();
            ResultSet rs = db.getMetaData().getColumns(null, "public", "work_order", null);
            while (rs.next()) {
                columns.add(rs.getString("COLUMN_NAME"));
            }
            assertThat(columns).doesNotContainAnyElementsOf(EVIDENCE).contains("status", "amount_fen", "funding");
            ResultSet statuses = db.createStatement().executeQuery(
                    "SELECT count(*) FROM work_order w JOIN visit v ON v.order_id = w.id");
            statuses.next();
            assertThat(statuses.getInt(1)).isEqualTo(VisitStatus.values().length);
        }
    }

    /** An order as it would stand in each status, with the evidence a visit has at that point. */
    private static void insertOrder(Connection db, UUID order, UUID elder, VisitStatus status) throws SQLException {
        int step = status == VisitStatus.CANCELLED ? 2 : status.ordinal(); // a cancelled one had been accepted
        try (PreparedStatement insert = db.prepareStatement("""
                INSERT INTO work_order (id, elder_id, provider_id, item_code, policy_code, policy_version, unit,
                    unit_price_fen, quantity, amount_fen, subsidy_fen, self_pay_fen, service_date, channel, status,
                    created_at, version, list_amount_fen, discount_fen, funding, community_code,
                    caregiver_id, dispatched_at, accepted_at, checked_in_at, check_in_distance_m, check_in_photo,
                    checked_out_at, check_out_distance_m, check_out_photo, confirmed_at, confirmation_method,
                    confirmation_score, confirmation_signature, confirmation_note, billed_minutes, verification,
                    completed_at, cancelled_at, cancel_reason)
                VALUES (?, ?, ?, 'HP-BATH', 'HUANGPI-2020', 1, 'PER_HOUR', 6000, 1, 6000, 5000, 1000, current_date,
                    'APP', ?, now(), 0, 6000, 0, 'HELD', 'HP-QIANCHUAN-01',
                    ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            int i = 1;
            insert.setObject(i++, order);
            insert.setObject(i++, elder);
            insert.setObject(i++, UUID.randomUUID());
            insert.setString(i++, status.name());
            insert.setObject(i++, step >= 1 ? UUID.randomUUID() : null);
            insert.setObject(i++, step >= 1 ? Timestamp.valueOf("2026-12-01 08:00:00") : null);
            insert.setObject(i++, step >= 2 ? Timestamp.valueOf("2026-12-01 08:05:00") : null);
            insert.setObject(i++, step >= 3 ? Timestamp.valueOf("2026-12-01 09:00:00") : null);
            insert.setObject(i++, step >= 3 ? 12 : null);
            insert.setObject(i++, step >= 3 ? "a".repeat(64) : null);
            insert.setObject(i++, step >= 4 ? Timestamp.valueOf("2026-12-01 09:45:00") : null);
            insert.setObject(i++, step >= 4 ? 30 : null);
            insert.setObject(i++, step >= 4 ? "b".repeat(64) : null);
            insert.setObject(i++, step >= 5 ? Timestamp.valueOf("2026-12-01 09:50:00") : null);
            insert.setObject(i++, step >= 5 ? "WITNESSED_SIGNATURE" : null);
            insert.setObject(i++, null);
            insert.setObject(i++, step >= 5 ? "c".repeat(64) : null);
            insert.setObject(i++, step >= 5 ? "fingers too weak for the reader" : null);
            insert.setObject(i++, step >= 4 ? 45 : null);
            insert.setObject(i++, status == VisitStatus.COMPLETED ? "SIGNED_RECORD" : null);
            insert.setObject(i++, status == VisitStatus.COMPLETED
                    ? Timestamp.valueOf("2026-12-02 10:00:00") : null);
            insert.setObject(i++, status == VisitStatus.CANCELLED
                    ? Timestamp.valueOf("2026-12-01 08:30:00") : null);
            insert.setObject(i, status == VisitStatus.CANCELLED ? "the elder went to her daughter's" : null);
            insert.executeUpdate();
        }
    }

    private static Map<String, String> evidence(Connection db, String query) throws SQLException {
        try (ResultSet rs = db.createStatement().executeQuery(query)) {
            assertThat(rs.next()).as(query).isTrue();
            Map<String, String> values = new TreeMap<>();
            for (String column : EVIDENCE) {
                values.put(column, rs.getString(column));
            }
            return values;
        }
    }

    private static Flyway flyway(String target) {
        var configuration = Flyway.configure().dataSource(url, server.username(), server.password())
                .locations("classpath:db/migration");
        if (target != null) {
            configuration.target(target);
        }
        return configuration.load();
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(url, server.username(), server.password());
    }
}
