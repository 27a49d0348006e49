package io.eldercare.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.config.SaslConfigs;

/**
 * A real single-node Kafka broker in KRaft mode, run from the {@code kafka_2.13} jar in a child JVM so that it can be
 * stopped and started again on the same port and data (broker-outage tests, the local stack).
 *
 * <p>{@link #startSecured} runs it as production does: clients authenticate with SASL/SCRAM-SHA-256, and the standard
 * authorizer lets each principal do only what an ACL allows ({@link #upsertUser}, {@link #allow}). The broker itself is
 * the one super user ({@value #ADMIN}), with a password made at the first format and kept in the data directory; the
 * controller listener authenticates with SASL/PLAIN (KRaft controllers cannot use SCRAM, whose credentials live in
 * the metadata they serve).
 */
public final class KafkaBroker implements AutoCloseable {

    /** The broker's own principal, the only super user of a secured broker. */
    public static final String ADMIN = "admin";
    /** The SASL mechanism clients of a secured broker use. */
    public static final String SCRAM = "SCRAM-SHA-256";

    private final Path directory;
    private int port;
    private int controllerPort;
    private final boolean secured;
    private String adminPassword;
    private Process process;
    /** Where this start's lines begin in the broker's log (the log is kept across restarts). */
    private long logFrom;

    private KafkaBroker(Path directory, int port, boolean secured) {
        this.directory = directory;
        this.port = port;
        this.secured = secured;
    }

    /** Prepares (formats once) and starts a broker keeping its data in {@code directory}; port 0 picks a free one. */
    public static KafkaBroker start(Path directory, int port) {
        return start(directory, port, false);
    }

    /**
     * A broker that admits only SCRAM-authenticated principals and only to what ACLs allow. A data directory formatted
     * without security is refused (start it afresh).
     */
    public static KafkaBroker startSecured(Path directory, int port) {
        return start(directory, port, true);
    }

    private static KafkaBroker start(Path directory, int port, boolean secured) {
        KafkaBroker broker = new KafkaBroker(directory, port > 0 ? port : freePort(), secured);
        broker.prepare();
        for (int attempt = 1; ; attempt++) {
            try {
                broker.startProcess();
                return broker;
            } catch (BrokerExited e) {
                // a port found free may be taken by another process before the broker binds it: try new ones
                if (attempt == START_ATTEMPTS) {
                    throw e;
                }
                System.err.println(e.getMessage() + "\nstarting it again on other ports");
                if (port <= 0) {
                    broker.port = freePort();
                }
            }
        }
    }

    private static final int START_ATTEMPTS = 3;

    /** The broker's process ended while starting; the message carries the end of its log. */
    static final class BrokerExited extends IllegalStateException {
        BrokerExited(String message) {
            super(message);
        }
    }

    /**
     * Client settings for a principal of a secured broker (SASL/SCRAM over plaintext: the local stack listens on
     * 127.0.0.1 only; production adds TLS, {@code SASL_SSL}).
     */
    public static Map<String, Object> clientConfig(String bootstrapServers, String user, String password) {
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM, SCRAM,
                SaslConfigs.SASL_JAAS_CONFIG, scramLogin(user, password));
    }

    /** Client settings for this broker: as the super user when secured, plain otherwise. */
    public Map<String, Object> adminConfig() {
        return secured ? clientConfig(bootstrapServers(), ADMIN, adminPassword)
                : Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    }

    /** Creates a SCRAM principal, or sets its password anew (secured brokers). */
    public void upsertUser(String user, String password) {
        requireSecured();
        try (Admin admin = Admin.create(adminConfig())) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 8192), password)))
                    .all().get(30, TimeUnit.SECONDS);
            // the controller has it; wait until the broker's copy of the metadata has it too
            awaitTrue(() -> !admin.describeUserScramCredentials(List.of(user)).all().get(5, TimeUnit.SECONDS)
                    .isEmpty(), "the SCRAM credential of " + user);
        } catch (Exception e) {
            throw new IllegalStateException("could not set the SCRAM credential of " + user, e);
        }
    }

    /** Adds ACLs (an ACL that exists already is kept once). */
    public void allow(Collection<AclBinding> acls) {
        requireSecured();
        try (Admin admin = Admin.create(adminConfig())) {
            admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
            // ACLs reach the broker's authorizer with the metadata: wait until it applies every one
            awaitTrue(() -> admin.describeAcls(AclBindingFilter.ANY).values().get(5, TimeUnit.SECONDS)
                    .containsAll(acls), "the ACLs");
        } catch (Exception e) {
            throw new IllegalStateException("could not create ACLs", e);
        }
    }

    private interface Check {
        boolean passes() throws Exception;
    }

    private static void awaitTrue(Check check, String what) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (!check.passes()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the broker did not apply " + what + " within 30 s");
            }
            sleep(100);
        }
    }

    private void requireSecured() {
        if (!secured) {
            throw new IllegalStateException("this broker runs without authentication");
        }
    }

    private static String scramLogin(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public long pid() {
        return process == null ? -1 : process.pid();
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the broker cleanly, keeping its data. */
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Starts the broker again on the same port and data after {@link #stop()}. */
    public void restart() {
        stop();
        startProcess();
    }

    @Override
    public void close() {
        stop();
    }

    private void prepare() {
        try {
            Files.createDirectories(directory.resolve("data"));
            // The controller port is new on every start; only the broker port and the data are stable.
            Path properties = directory.resolve("server.properties");
            Path password = directory.resolve("admin.password");
            boolean formatted = Files.exists(directory.resolve("data").resolve("meta.properties"));
            if (formatted && secured && !Files.exists(password)) {
                throw new IllegalStateException("the Kafka data under " + directory + " was made without SASL: start"
                        + " afresh (the local stack: --fresh)");
            }
            if (secured) {
                if (!formatted) {
                    Files.writeString(password, newPassword());
                    restrictToOwner(password);
                }
                adminPassword = Files.readString(password).strip();
            }
            if (!formatted) {
                writeProperties(properties, freePort());
                List<String> format = new ArrayList<>(List.of("kafka.tools.StorageTool", "format", "-t",
                        kafkaUuid(), "-c", properties.toString()));
                if (secured) {
                    // the broker's own SCRAM credential, there before anything can authenticate to create one
                    format.addAll(List.of("--add-scram",
                            SCRAM + "=[name=" + ADMIN + ",password=" + adminPassword + "]"));
                }
                run(format, directory.resolve("format.log"), Duration.ofSeconds(60));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A random password of 32 URL-safe characters. */
    public static String newPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Readable by this user only (the file holds a secret). */
    public static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // not a POSIX file system: the directory's own permissions protect it
        }
    }

    private void writeProperties(Path file, int formatControllerPort) throws IOException {
        String listeners = secured ? """
                listeners=SASL_PLAINTEXT://127.0.0.1:%2$d,CONTROLLER://127.0.0.1:%1$d
                advertised.listeners=SASL_PLAINTEXT://127.0.0.1:%2$d
                inter.broker.listener.name=SASL_PLAINTEXT
                listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT
                sasl.enabled.mechanisms=%3$s
                sasl.mechanism.inter.broker.protocol=%3$s
                listener.name.sasl_plaintext.sasl.enabled.mechanisms=%3$s
                listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config=%4$s
                sasl.mechanism.controller.protocol=PLAIN
                listener.name.controller.sasl.enabled.mechanisms=PLAIN
                listener.name.controller.plain.sasl.jaas.config=%5$s
                authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
                allow.everyone.if.no.acl.found=false
                super.users=User:%6$s
                """.formatted(formatControllerPort, port, SCRAM, scramLogin(ADMIN, adminPassword),
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + ADMIN
                        + "\" password=\"" + adminPassword + "\" user_" + ADMIN + "=\"" + adminPassword + "\";",
                ADMIN) : """
                listeners=PLAINTEXT://127.0.0.1:%2$d,CONTROLLER://127.0.0.1:%1$d
                advertised.listeners=PLAINTEXT://127.0.0.1:%2$d
                inter.broker.listener.name=PLAINTEXT
                listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                """.formatted(formatControllerPort, port);
        String properties = """
                process.roles=broker,controller
                node.id=1
                controller.quorum.voters=1@127.0.0.1:%d
                controller.listener.names=CONTROLLER
                %slog.dirs=%s
                num.partitions=1
                auto.create.topics.enable=false
                offsets.topic.replication.factor=1
                offsets.topic.num.partitions=4
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                group.initial.rebalance.delay.ms=0
                log.retention.ms=-1
                """.formatted(formatControllerPort, listeners, directory.resolve("data").toAbsolutePath());
        Files.writeString(file, properties);
    }

    private void startProcess() {
        try {
            Path properties = directory.resolve("server.properties");
            controllerPort = freePort();
            writeProperties(properties, controllerPort);
            Path log = directory.resolve("broker.log");
            logFrom = Files.exists(log) ? Files.size(log) : 0;
            process = java(List.of("kafka.Kafka", properties.toString()), directory.resolve("broker.log"));
            awaitReady(Duration.ofSeconds(90));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Map<String, Object> config = new HashMap<>(adminConfig());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new BrokerExited("Kafka broker exited with " + process.exitValue() + " while starting on port "
                        + port + "; the end of " + directory.resolve("broker.log") + ":\n"
                        + tail(directory.resolve("broker.log"), logFrom));
            }
            try (Admin admin = Admin.create(config)) {
                if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
                    return;
                }
            } catch (Exception notYet) {
                sleep(300);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("Kafka broker not ready after " + timeout + " on port " + port
                + "; the end of " + directory.resolve("broker.log") + ":\n"
                + tail(directory.resolve("broker.log"), logFrom));
    }

    private Process java(List<String> mainAndArgs, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xms128m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path")));
        command.addAll(mainAndArgs);
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    private void run(List<String> mainAndArgs, Path log, Duration timeout) throws IOException {
        long from = Files.exists(log) ? Files.size(log) : 0;
        Process p = java(mainAndArgs, log);
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("Kafka storage format failed; the end of " + log + ":\n"
                        + tail(log, from));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * What a log says went wrong, for a failure's message (CI keeps the test output, not the files): its first
     * error lines, or its last lines when it names no error (a broker's shutdown after a failure is long).
     */
    private static String tail(Path log, long from) {
        try {
            byte[] all = Files.readAllBytes(log);
            List<String> lines = new String(all, (int) Math.min(from, all.length), all.length - (int) Math.min(from,
                    all.length), StandardCharsets.UTF_8).lines().toList();
            List<String> errors = lines.stream()
                    .filter(line -> line.contains(" ERROR ") || line.contains("FATAL") || line.startsWith("Caused by")
                            || line.contains("Exception: "))
                    .limit(20).toList();
            return String.join("\n", errors.isEmpty() ? lines.subList(Math.max(0, lines.size() - 40), lines.size())
                    : errors);
        } catch (IOException | UncheckedIOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /**
     * A cluster id made the way Kafka makes one ({@code kafka-storage random-uuid}): URL-safe base64 of a random
     * UUID that never starts with '-', which the storage formatter would take for an option.
     */
    static String kafkaUuid() {
        return Uuid.randomUuid().toString();
    }

    /**
     * A port nothing listens on right now, below the kernel's ephemeral range (32768 and up on Linux): a port handed
     * out for binding later must not be taken meanwhile by some process's outgoing connection, as ephemeral ones
     * were (a service then failed to start: "Port … was already in use").
     */
    public static int freePort() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 100; attempt++) {
            int candidate = random.nextInt(20_000, 32_000);
            try (ServerSocket socket = new ServerSocket(candidate)) {
                socket.setReuseAddress(true);
                return candidate;
            } catch (IOException taken) {
                // try another
            }
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
