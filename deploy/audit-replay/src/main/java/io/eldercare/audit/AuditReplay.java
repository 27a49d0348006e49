package io.eldercare.audit;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The auditors' replay ("auditors replaying the event log"): reads every {@code eldercare.*.events} topic from offset 0
 * into a fresh database, rebuilds each wallet's balance and each provider's monthly statement from the events alone,
 * prints a SHA-256 per rebuilt table (two replays of the same log print the same hashes) and a reconciliation report of
 * every difference with the live wallet and settlement databases (elder, month, order). Exit status 0: no difference.
 *
 * <pre>
 * ./deploy/audit-replay/replay.sh --kafka=localhost:9092 --postgres=jdbc:postgresql://localhost:5432/ \
 *     [--kafka-config=auditor.properties] [--user=postgres] [--password=postgres] \
 *     [--replay-database=audit_replay_…] [--wallet-database=wallet] [--settlement-database=settlement]
 * </pre>
 * {@code --kafka-config} is a Kafka client properties file with the auditor's read-only credentials (SASL); its
 * {@code bootstrap.servers} stands in for {@code --kafka}.
 * <pre>
 * </pre>
 */
public final class AuditReplay {

    /** Where the log and the databases are; the replay database must not exist yet (it is created). */
    public record Config(String kafka, Map<String, Object> kafkaClient, String postgres, String user, String password,
            String replayDatabase, String walletDatabase, String settlementDatabase) {

        public Config {
            kafkaClient = kafkaClient == null ? Map.of() : Map.copyOf(kafkaClient);
            if (kafka == null && kafkaClient.get("bootstrap.servers") != null) {
                kafka = kafkaClient.get("bootstrap.servers").toString();
            }
            Objects.requireNonNull(kafka, "--kafka is required (bootstrap servers)");
            Objects.requireNonNull(postgres, "--postgres is required (jdbc:postgresql://host:port/)");
            if (!postgres.endsWith("/")) {
                postgres = postgres + "/";
            }
            replayDatabase = replayDatabase != null ? replayDatabase : "audit_replay_"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss_SSS"));
            walletDatabase = walletDatabase != null ? walletDatabase : "wallet";
            settlementDatabase = settlementDatabase != null ? settlementDatabase : "settlement";
            if (!replayDatabase.matches("[a-z_][a-z0-9_]{0,62}")) {
                throw new IllegalArgumentException("--replay-database must be a plain lower-case name");
            }
        }
    }

    /**
     * One difference: what kind, whose (elder), which month and order (and provider), what the replay found and what
     * the live system (or the rule) says.
     */
    public record Difference(String kind, UUID elderId, String month, UUID orderId, UUID providerId, String replayed,
            String live) {
    }

    /** A rebuilt table: rows and the SHA-256 of its rows in key order. */
    public record TableHash(long rows, String sha256) {
    }

    /** The replay's outcome. */
    public record Result(String replayDatabase, Map<String, Long> eventsByTopic, Map<String, TableHash> tables,
            List<Difference> differences) {

        /** No difference but those of events still in flight (re-run the replay to settle those). */
        public boolean reconciled() {
            return differences.stream().allMatch(d -> d.kind().startsWith(IN_FLIGHT));
        }
    }

    private AuditReplay() {
    }

    public static Result run(Config config) throws SQLException {
        // the live side first, each database in one snapshot; then the log, which is at least as new: whatever
        // moved after the snapshot is reported as in flight, not as a difference
        Live live = Live.read(config);
        Rebuild rebuild = new Rebuild();
        Map<String, Long> events = new EventLog(config.kafka(), config.kafkaClient()).readAll(rebuild::apply);
        List<Rebuild.Line> lines = rebuild.lines();
        List<Rebuild.Total> totals = Rebuild.totals(lines);
        try (Connection admin = connect(config, "postgres"); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + config.replayDatabase());
        }
        Map<String, TableHash> tables;
        try (Connection replay = connect(config, config.replayDatabase())) {
            store(replay, rebuild, lines, totals);
            tables = hashes(replay);
        }
        List<Difference> differences = new ArrayList<>(rebuild.findings);
        differences.addAll(reconcileWallets(rebuild, live));
        differences.addAll(reconcileStatements(lines, totals, live));
        List<Difference> settled = new ArrayList<>();
        for (Difference d : differences) {
            boolean moving = d.elderId() != null && live.moved(rebuild, d.elderId().toString())
                    || d.providerId() != null && live.moved(rebuild, d.providerId().toString());
            settled.add(moving && !d.kind().equals("event-balance") ? new Difference(IN_FLIGHT + " " + d.kind(),
                    d.elderId(), d.month(), d.orderId(), d.providerId(), d.replayed(), d.live()) : d);
        }
        return new Result(config.replayDatabase(), events, tables, settled);
    }

    /** The prefix of a difference explained by events still on their way (unsent outbox rows, or newer events). */
    public static final String IN_FLIGHT = "in-flight";

    /** What the live databases hold, read before the log. */
    private record Live(Instant at, Map<UUID, long[]> wallets, List<Rebuild.Line> lines, List<Rebuild.Total> issued,
            Set<String> unsent) {

        static Live read(Config config) throws SQLException {
            Instant at = Instant.now();
            Map<UUID, long[]> wallets = new TreeMap<>();
            List<Rebuild.Line> lines = new ArrayList<>();
            List<Rebuild.Total> issued = new ArrayList<>();
            Set<String> unsent = new HashSet<>();
            try (Connection db = snapshot(config, config.walletDatabase()); Statement st = db.createStatement()) {
                try (ResultSet rs = st.executeQuery("SELECT elder_id, available_fen, held_fen FROM wallet")) {
                    while (rs.next()) {
                        wallets.put(rs.getObject(1, UUID.class), new long[] {rs.getLong(2), rs.getLong(3)});
                    }
                }
                unsent.addAll(unsent(st));
                db.commit();
            }
            try (Connection db = snapshot(config, config.settlementDatabase()); Statement st = db.createStatement()) {
                try (ResultSet rs = st.executeQuery("""
                        SELECT order_id, provider_id, elder_id, month, amount_fen, subsidy_fen, self_pay_fen
                        FROM statement_line""")) {
                    while (rs.next()) {
                        lines.add(new Rebuild.Line(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                                rs.getObject(3, UUID.class), YearMonth.parse(rs.getString(4)),
                                rs.getLong(5), rs.getLong(6), rs.getLong(7)));
                    }
                }
                // a provider's month over both regions: settlement issues a statement per region, and the log's
                // StatementLineAdded v1 carries no region, so the replay checks the month's totals as a whole
                try (ResultSet rs = st.executeQuery("""
                        SELECT provider_id, month, sum(line_count)::int, sum(amount_fen), sum(subsidy_fen),
                               sum(self_pay_fen)
                        FROM statement GROUP BY provider_id, month""")) {
                    while (rs.next()) {
                        issued.add(new Rebuild.Total(rs.getObject(1, UUID.class),
                                YearMonth.parse(rs.getString(2)), rs.getInt(3), rs.getLong(4),
                                rs.getLong(5), rs.getLong(6)));
                    }
                }
                unsent.addAll(unsent(st));
                db.commit();
            }
            return new Live(at, wallets, lines, issued, unsent);
        }

        private static Connection snapshot(Config config, String database) throws SQLException {
            Connection db = connect(config, database);
            db.setAutoCommit(false);
            db.setReadOnly(true);
            db.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            return db;
        }

        private static List<String> unsent(Statement st) throws SQLException {
            List<String> keys = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT DISTINCT message_key FROM outbox_event WHERE sent_at IS NULL")) {
                while (rs.next()) {
                    keys.add(rs.getString(1));
                }
            }
            return keys;
        }

        /** The aggregate had events still unsent when the live side was read, or events newer than that read. */
        boolean moved(Rebuild rebuild, String aggregateId) {
            Instant latest = rebuild.latestEvent.get(aggregateId);
            return unsent.contains(aggregateId) || latest != null && latest.isAfter(at);
        }
    }

    private static Connection connect(Config config, String database) throws SQLException {
        return DriverManager.getConnection(config.postgres() + database, config.user(), config.password());
    }

    private static void store(Connection db, Rebuild rebuild, List<Rebuild.Line> lines, List<Rebuild.Total> totals)
            throws SQLException {
        try (Statement ddl = db.createStatement()) {
            ddl.execute("""
                    CREATE TABLE wallet_balance (elder_id UUID PRIMARY KEY, wallet_id UUID, available_fen BIGINT,
                        held_fen BIGINT, credited_fen BIGINT, spent_fen BIGINT, expired_fen BIGINT)""");
            ddl.execute("""
                    CREATE TABLE statement_line (order_id UUID PRIMARY KEY, provider_id UUID, elder_id UUID,
                        month CHAR(7), amount_fen BIGINT, subsidy_fen BIGINT, self_pay_fen BIGINT)""");
            ddl.execute("""
                    CREATE TABLE statement_total (provider_id UUID, month CHAR(7), line_count INT, amount_fen BIGINT,
                        subsidy_fen BIGINT, self_pay_fen BIGINT, PRIMARY KEY (provider_id, month))""");
            ddl.execute("CREATE TABLE month_closed (month CHAR(7) PRIMARY KEY)");
        }
        db.setAutoCommit(false);
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO wallet_balance VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Map.Entry<UUID, Rebuild.Wallet> e : rebuild.wallets.entrySet()) {
                Rebuild.Wallet w = e.getValue();
                insert.setObject(1, e.getKey());
                insert.setObject(2, w.walletId);
                insert.setLong(3, w.availableFen);
                insert.setLong(4, w.heldFen);
                insert.setLong(5, w.creditedFen);
                insert.setLong(6, w.spentFen);
                insert.setLong(7, w.expiredFen);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO statement_line VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Rebuild.Line l : lines) {
                insert.setObject(1, l.orderId());
                insert.setObject(2, l.providerId());
                insert.setObject(3, l.elderId());
                insert.setString(4, l.month().toString());
                insert.setLong(5, l.amountFen());
                insert.setLong(6, l.subsidyFen());
                insert.setLong(7, l.selfPayFen());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO statement_total VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Rebuild.Total t : totals) {
                insert.setObject(1, t.providerId());
                insert.setString(2, t.month().toString());
                insert.setInt(3, t.lineCount());
                insert.setLong(4, t.amountFen());
                insert.setLong(5, t.subsidyFen());
                insert.setLong(6, t.selfPayFen());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO month_closed VALUES (?)")) {
            for (var month : rebuild.closedMonths.keySet()) {
                insert.setString(1, month.toString());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        db.commit();
    }

    /** SHA-256 of each table's rows, columns joined by '|', rows in primary-key order, one per line. */
    private static Map<String, TableHash> hashes(Connection db) throws SQLException {
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("wallet_balance", "SELECT * FROM wallet_balance ORDER BY elder_id");
        queries.put("statement_line", "SELECT * FROM statement_line ORDER BY order_id");
        queries.put("statement_total", "SELECT * FROM statement_total ORDER BY provider_id, month");
        queries.put("month_closed", "SELECT * FROM month_closed ORDER BY month");
        Map<String, TableHash> hashes = new LinkedHashMap<>();
        for (Map.Entry<String, String> query : queries.entrySet()) {
            MessageDigest digest = sha256();
            long rows = 0;
            try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(query.getValue())) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int c = 1; c <= columns; c++) {
                        row.append(c > 1 ? "|" : "").append(rs.getString(c));
                    }
                    digest.update(row.append('\n').toString().getBytes(StandardCharsets.UTF_8));
                    rows++;
                }
            }
            hashes.put(query.getKey(), new TableHash(rows, HexFormat.of().formatHex(digest.digest())));
        }
        return hashes;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every live wallet against its rebuilt balances, and every rebuilt wallet the live system lacks. */
    private static List<Difference> reconcileWallets(Rebuild rebuild, Live live) {
        List<Difference> differences = new ArrayList<>();
        live.wallets().forEach((elder, balances) -> {
            Rebuild.Wallet w = rebuild.wallets.get(elder);
            if (w == null) {
                differences.add(new Difference("wallet-missing-from-log", elder, null, null, null, "no events",
                        "available " + balances[0] + ", held " + balances[1]));
            } else if (w.availableFen != balances[0] || w.heldFen != balances[1]) {
                differences.add(new Difference("wallet-balance", elder, null, null, null,
                        "available " + w.availableFen + ", held " + w.heldFen,
                        "available " + balances[0] + ", held " + balances[1]));
            }
        });
        rebuild.wallets.forEach((elder, w) -> {
            if (!live.wallets().containsKey(elder)) {
                differences.add(new Difference("wallet-missing-live", elder, null, null, null,
                        "available " + w.availableFen + ", held " + w.heldFen, "no wallet"));
            }
        });
        return differences;
    }

    /**
     * Every live statement line against the rebuilt one (order, month, amounts), and every issued statement's totals
     * against the rebuilt month.
     */
    private static List<Difference> reconcileStatements(List<Rebuild.Line> lines, List<Rebuild.Total> totals,
            Live live) {
        List<Difference> differences = new ArrayList<>();
        Map<UUID, Rebuild.Line> rebuilt = new TreeMap<>();
        lines.forEach(l -> rebuilt.put(l.orderId(), l));
        for (Rebuild.Line liveLine : live.lines()) {
            Rebuild.Line line = rebuilt.remove(liveLine.orderId());
            if (!liveLine.equals(line)) {
                differences.add(new Difference("statement-line", liveLine.elderId(), liveLine.month().toString(),
                        liveLine.orderId(), liveLine.providerId(), line == null ? "no line" : describe(line),
                        describe(liveLine)));
            }
        }
        rebuilt.values().forEach(line -> differences.add(new Difference("statement-line", line.elderId(),
                line.month().toString(), line.orderId(), line.providerId(), describe(line), "no line")));
        Map<String, Rebuild.Total> byKey = new TreeMap<>();
        totals.forEach(t -> byKey.put(t.providerId() + " " + t.month(), t));
        for (Rebuild.Total issued : live.issued()) {
            Rebuild.Total total = byKey.get(issued.providerId() + " " + issued.month());
            if (!issued.equals(total)) {
                differences.add(new Difference("statement-total", null, issued.month().toString(), null,
                        issued.providerId(), total == null ? "no lines" : describe(total), describe(issued)));
            }
        }
        return differences;
    }

    private static String describe(Rebuild.Line l) {
        return l.month() + " " + l.amountFen() + " = " + l.subsidyFen() + " + " + l.selfPayFen();
    }

    private static String describe(Rebuild.Total t) {
        return t.lineCount() + " lines, " + t.amountFen() + " = " + t.subsidyFen() + " + " + t.selfPayFen();
    }

    /** Prints the replay's hashes and reconciliation report. */
    public static void print(Result result, PrintStream out) {
        out.println("replayed into database " + result.replayDatabase());
        result.eventsByTopic().forEach((topic, n) -> out.printf("  %-32s %8d events%n", topic, n));
        out.println("tables (rows, SHA-256 of the rows in key order):");
        result.tables().forEach((table, hash) -> out.printf("  %-16s %8d  %s%n", table, hash.rows(), hash.sha256()));
        if (result.differences().isEmpty()) {
            out.println("reconciled: every wallet balance and every statement line and total equals the live system");
            return;
        }
        if (result.reconciled()) {
            out.println("reconciled but for events in flight (re-run when the system is quiet):");
        }
        out.println(result.differences().size() + " difference(s) with the live system:");
        out.println("  kind | elder | month | order | provider | replayed | live");
        for (Difference d : result.differences()) {
            out.println("  " + d.kind() + " | " + d.elderId() + " | " + d.month() + " | " + d.orderId() + " | "
                    + d.providerId() + " | " + d.replayed() + " | " + d.live());
        }
    }

    public static void main(String[] args) throws SQLException {
        Map<String, String> options = new TreeMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                System.err.println("usage: replay.sh --kafka=HOST:PORT --postgres=jdbc:postgresql://HOST:PORT/"
                        + " [--kafka-config=FILE] [--user=U] [--password=P] [--replay-database=NAME] [--wallet-database=wallet]"
                        + " [--settlement-database=settlement]");
                System.exit(2);
            }
            options.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        Map<String, Object> kafkaClient = new HashMap<>();
        if (options.containsKey("kafka-config")) {
            Properties file = new Properties();
            try (Reader reader = Files.newBufferedReader(
                    Path.of(options.get("kafka-config")))) {
                file.load(reader);
            } catch (IOException e) {
                System.err.println("cannot read --kafka-config: " + e.getMessage());
                System.exit(2);
            }
            file.forEach((key, value) -> kafkaClient.put(key.toString(), value));
        }
        Result result = run(new Config(options.get("kafka"), kafkaClient, options.get("postgres"),
                options.getOrDefault("user", System.getenv().getOrDefault("PGUSER", "postgres")),
                options.getOrDefault("password", System.getenv().getOrDefault("PGPASSWORD", "postgres")),
                options.get("replay-database"), options.get("wallet-database"), options.get("settlement-database")));
        print(result, System.out);
        System.exit(result.reconciled() ? 0 : 1);
    }
}
