package io.eldercare.local;

import io.eldercare.infra.EmbeddedPostgresServer;
import io.eldercare.infra.KafkaBroker;
import io.eldercare.infra.ProcessMemory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The whole platform on one machine: PostgreSQL (embedded binaries) with a database per service, a Kafka broker
 * (KRaft), the registry, the gateway and the six services as child processes. Data stays under one folder between
 * runs; closing stops everything.
 */
public final class LocalStack implements AutoCloseable {

    /** A Spring Boot application of the platform and where it listens. */
    record App(String module, String routePrefix, int port, int managementPort) {

        boolean isService() {
            return routePrefix != null;
        }

        String database() {
            return module.replace("-service", "");
        }

        int healthPort() {
            return managementPort > 0 ? managementPort : port;
        }
    }

    /**
     * How to start: the repository (where the built jars are), the data folder, whether to wipe it first, and the
     * ports (0 throughout picks free ones).
     */
    public record Options(Path repository, Path dataDirectory, boolean fresh, int postgresPort, int kafkaPort,
            int registryPort, int gatewayPort, int firstServicePort, int authPort) {

        /** The ports the README uses. */
        public static Options defaults(Path repository, Path dataDirectory, boolean fresh) {
            return new Options(repository, dataDirectory, fresh, 15432, 19092, 8761, 8080, 8081, 9000);
        }

        /** Free ports everywhere, for tests that run next to a developer's own stack. */
        public static Options ephemeral(Path repository, Path dataDirectory) {
            return new Options(repository, dataDirectory, true, 0, 0, 0, 0, 0, 0);
        }

        /** The same data again (no wipe), on free ports. */
        public Options reopened() {
            return new Options(repository, dataDirectory, false, 0, 0, 0, 0, 0, 0);
        }
    }

    private static final List<String> SERVICES = List.of("eligibility", "catalog", "workorder", "wallet",
            "settlement", "feedback");
    private static final Duration APP_TIMEOUT = Duration.ofMinutes(4);
    /**
     * {@code -Deldercare.local.jvm=production}: the JVMs run with production flags (both JIT tiers), for benchmarks;
     * otherwise C1 only, to start quickly on a small machine.
     */
    static final boolean PRODUCTION_JVM = "production".equals(System.getProperty("eldercare.local.jvm"));

    private final Options options;
    private final Map<App, Process> processes = new LinkedHashMap<>();
    private final List<App> stopped = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private EmbeddedPostgresServer postgres;
    private KafkaBroker kafka;
    /** Each Kafka principal's password, new at every start of the stack (SCRAM credentials are set anew). */
    private final Map<String, String> kafkaPasswords = new LinkedHashMap<>();
    private App gateway;
    private App registry;
    private App authServer;
    private Duration startupTime;
    private Thread stopper;

    private LocalStack(Options options) {
        this.options = options;
    }

    /** Starts everything and returns once the gateway routes to every service. */
    public static LocalStack start(Options options) {
        LocalStack stack = new LocalStack(options);
        // stopped however this JVM ends, even half-way through starting: no orphaned services or servers
        Thread stopper = new Thread(stack::close, "local-stack-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        stack.stopper = stopper;
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    public String gatewayUrl() {
        return "http://localhost:" + gateway.port();
    }

    /** The OIDC issuer: sign in here, and every service trusts its tokens. */
    public String issuerUrl() {
        return "http://localhost:" + authServer.port();
    }

    public String registryUrl() {
        return "http://localhost:" + registry.port();
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    /**
     * Client settings to reach the broker as one of its principals: a service ({@code wallet-service}) or
     * {@link KafkaAccess#AUDITOR}. The broker admits no one else, and each only to what {@link KafkaAccess} allows.
     */
    public Map<String, Object> kafkaClientConfig(String principal) {
        String password = kafkaPasswords.get(principal);
        if (password == null) {
            throw new IllegalArgumentException("no Kafka principal " + principal);
        }
        return KafkaBroker.clientConfig(kafka.bootstrapServers(), principal, password);
    }

    /** The auditor's Kafka client settings as a properties file (for the replay's {@code --kafka-config}). */
    public Path auditorKafkaConfig() {
        return options.dataDirectory().resolve("kafka").resolve(KafkaAccess.AUDITOR + ".properties");
    }

    /** The PostgreSQL server, without a database: append one (the auditors' replay creates its own). */
    public String postgresUrl() {
        return postgres.jdbcUrl("");
    }

    public String postgresUser() {
        return postgres.username();
    }

    public String postgresPassword() {
        return postgres.password();
    }

    public Duration startupTime() {
        return startupTime;
    }

    public Path logDirectory() {
        return options.dataDirectory().resolve("logs");
    }

    /** Resident memory of every process of the stack: this JVM, the broker, the services and PostgreSQL. */
    public long residentBytes() {
        List<Long> roots = new ArrayList<>();
        roots.add(ProcessHandle.current().pid());
        postmasterPid().ifPresent(roots::add);
        return ProcessMemory.residentBytesOfTrees(roots);
    }

    private void startAll() {
        Instant begin = Instant.now();
        Path data = options.dataDirectory();
        if (options.fresh()) {
            deleteRecursively(data);
        }
        try {
            Files.createDirectories(data.resolve("logs"));
            Files.createDirectories(data.resolve("tmp"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String service : SERVICES) {
            requireJar(service + "-service");
        }
        requireJar("registry");
        requireJar("gateway");
        requireJar("auth-server");

        say("starting PostgreSQL and Kafka under " + data.toAbsolutePath());
        postgres = EmbeddedPostgresServer.start(data.resolve("postgres"), port(options.postgresPort()));
        SERVICES.forEach(postgres::createDatabaseIfMissing);
        kafka = KafkaBroker.startSecured(data.resolve("kafka"), options.kafkaPort());
        grantKafkaAccess();

        registry = new App("registry", null, port(options.registryPort()), 0);
        authServer = new App("auth-server", null, port(options.authPort()), 0);
        launch(registry);
        launch(authServer);
        awaitHealthy(registry);
        say("registry up at " + registryUrl());

        gateway = new App("gateway", null, port(options.gatewayPort()), freePort());
        launch(gateway);
        int next = options.firstServicePort();
        for (String service : SERVICES) {
            launch(new App(service + "-service", service, next > 0 ? next++ : freePort(), 0));
        }
        for (App app : processes.keySet()) {
            awaitHealthy(app);
            say(app.module() + " up on port " + app.port());
        }
        for (String service : SERVICES) {
            awaitRoute("/api/" + service + "/v3/api-docs");
        }
        startupTime = Duration.between(begin, Instant.now());
    }

    /** Every service and the auditor get a SCRAM credential of their own and the ACLs of {@link KafkaAccess}. */
    private void grantKafkaAccess() {
        kafkaPasswords.putAll(KafkaAccess.grant(kafka));
        StringBuilder properties = new StringBuilder("# the auditors' read-only principal of this run of the stack\n");
        kafkaClientConfig(KafkaAccess.AUDITOR).forEach((key, value) -> properties.append(key).append('=')
                .append(value.toString().replace("\\", "\\\\")).append('\n'));
        try {
            Files.writeString(auditorKafkaConfig(), properties);
            KafkaBroker.restrictToOwner(auditorKafkaConfig());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void launch(App app) {
        Path jar = requireJar(app.module());
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // quick to start and small (C1 only) on a developer's machine; for a benchmark, as in production (C2)
        command.addAll(PRODUCTION_JVM ? List.of("-Xmx512m", "-XX:+UseSerialGC")
                : List.of("-XX:TieredStopAtLevel=1", "-Xss512k", "-Xmx256m", "-XX:+UseSerialGC",
                        "-XX:ReservedCodeCacheSize=64m"));
        command.addAll(List.of(
                "-Djava.io.tmpdir=" + options.dataDirectory().resolve("tmp").toAbsolutePath(),
                "-jar", jar.toString(),
                "--server.port=" + app.port(),
                // the local stack says so: outside it, the 'prod' profile refuses the repository's secrets
                "--spring.profiles.active=local",
                "--eureka.client.service-url.defaultZone=http://127.0.0.1:" + registry.port() + "/eureka",
                "--eureka.instance.prefer-ip-address=true",
                "--eureka.instance.ip-address=127.0.0.1"));
        if (app.managementPort() > 0) {
            command.add("--management.server.port=" + app.managementPort());
        }
        String issuer = "http://localhost:" + authServer.port();
        command.add("--eldercare.auth.issuer=" + issuer);
        command.add("--eldercare.gateway.issuer=" + issuer);
        command.add("--eldercare.security.issuer=" + issuer);
        command.add("--eldercare.security.jwk-set-uri=" + issuer + "/oauth2/jwks");
        command.add("--eldercare.gateway.jwk-set-uri=" + issuer + "/oauth2/jwks");
        if (app.module().equals("auth-server")) {
            // the issuer's signing keys, kept with the stack's data so that tokens survive a restart of the issuer
            command.add("--eldercare.auth.keystore="
                    + options.dataDirectory().resolve("auth").resolve("issuer-keys.p12").toAbsolutePath());
        }
        if (app.isService()) {
            command.add("--spring.datasource.url=" + postgres.jdbcUrl(app.database()));
            command.add("--spring.datasource.username=" + postgres.username());
            command.add("--spring.datasource.password=" + postgres.password());
            command.add("--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers());
        }
        Map<String, String> environment = new LinkedHashMap<>();
        if (app.isService()) {
            // its own Kafka principal, in the environment rather than on the command line (ps shows that)
            environment.put("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
            environment.put("KAFKA_USERNAME", app.module());
            environment.put("KAFKA_PASSWORD", kafkaPasswords.get(app.module()));
        }
        if (app.module().equals("catalog-service")) {
            // the demo provider of provider.admin, contracted in the demo communities (local stack only)
            command.add("--spring.flyway.locations=classpath:db/migration,classpath:db/platform,classpath:db/demo");
        }
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(environment);
            Process process = builder
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logOf(app).toFile()))
                    .start();
            processes.put(app, process);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + app.module(), e);
        }
    }

    private void awaitHealthy(App app) {
        URI health = URI.create("http://127.0.0.1:" + app.healthPort() + "/actuator/health");
        awaitOk(health, app);
    }

    private void awaitRoute(String path) {
        awaitOk(URI.create(gatewayUrl() + path), gateway);
    }

    private void awaitOk(URI uri, App app) {
        Instant deadline = Instant.now().plus(APP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            Process process = processes.get(app);
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException(app.module() + " exited with " + process.exitValue() + "; see "
                        + logOf(app));
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + uri, e);
            }
            sleep(500);
        }
        throw new IllegalStateException(uri + " did not answer within " + APP_TIMEOUT + "; see " + logOf(app));
    }

    /**
     * Starts one more instance of a domain service (e.g. {@code workorder}) on a free port, against the same database
     * and broker; returns once it is healthy and the registry knows it (the gateway balances between them).
     */
    public synchronized int startAnotherInstance(String service) {
        App running = service(service);
        App another = new App(running.module(), service, freePort(), 0);
        launch(another);
        awaitHealthy(another);
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        String app = registryUrl() + "/eureka/apps/" + running.module().toUpperCase(Locale.ROOT);
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> known = http.send(HttpRequest.newBuilder(URI.create(app))
                        .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
                if (known.body().contains("\"port\":{\"$\":" + another.port())) {
                    return another.port();
                }
            } catch (IOException notYet) {
                // the registry answers in a moment
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(500);
        }
        throw new IllegalStateException(running.module() + " on port " + another.port() + " did not register");
    }

    /** The direct address of a domain service's first instance (past the gateway: a benchmark's yardstick). */
    public String serviceUrl(String service) {
        return "http://127.0.0.1:" + service(service).port();
    }

    /** Stops one domain service (e.g. {@code catalog}) as an outage would; the rest keeps running. */
    public synchronized void stopService(String service) {
        App app = service(service);
        Process process = processes.remove(app);
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        say(app.module() + " stopped");
        stopped.add(app);
    }

    /** Starts a stopped service again on its port, and returns once the gateway routes to it. */
    public synchronized void restartService(String service) {
        App app = stopped.stream().filter(a -> a.routePrefix().equals(service)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(service + " is not stopped"));
        stopped.remove(app);
        launch(app);
        awaitHealthy(app);
        // the gateway routes to it again once the registry and its load balancer have seen it come back
        awaitRoute("/api/" + service + "/v3/api-docs");
        say(app.module() + " up again on port " + app.port());
    }

    private App service(String service) {
        return processes.keySet().stream().filter(a -> service.equals(a.routePrefix())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(service + " is not running"));
    }

    /** Stops the services, the gateway and the registry, then the broker and PostgreSQL. Data stays. */
    @Override
    public synchronized void close() {
        if (stopper != null && Thread.currentThread() != stopper) {
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to
            }
        }
        List<Map.Entry<App, Process>> running = new ArrayList<>(processes.entrySet());
        running.forEach(entry -> entry.getValue().destroy());
        for (Map.Entry<App, Process> entry : running) {
            try {
                if (!entry.getValue().waitFor(30, TimeUnit.SECONDS)) {
                    entry.getValue().destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                entry.getValue().destroyForcibly();
            }
        }
        processes.clear();
        if (kafka != null) {
            kafka.stop();
            kafka = null;
        }
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    private Path logOf(App app) {
        return logDirectory().resolve(app.module() + ".log");
    }

    private Path requireJar(String module) {
        Path jar = options.repository().resolve(module).resolve("target").resolve(module + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build first with ./mvnw -DskipTests install");
        }
        return jar;
    }

    private Optional<Long> postmasterPid() {
        Path pidFile = options.dataDirectory().resolve("postgres").resolve("postmaster.pid");
        try {
            return Optional.of(Long.parseLong(Files.readAllLines(pidFile).get(0).trim()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static int port(int configured) {
        return configured > 0 ? configured : freePort();
    }

    private static int freePort() {
        return KafkaBroker.freePort();
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
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

    private static void say(String line) {
        System.out.println("[local] " + line);
    }

    /** {@code --fresh} wipes the data folder first; {@code --data-dir=PATH} moves it (default .local-data). */
    public static void main(String[] args) throws InterruptedException {
        Path repository = Path.of("").toAbsolutePath();
        Path data = repository.resolve(".local-data");
        boolean fresh = false;
        for (String arg : args) {
            if (arg.equals("--fresh")) {
                fresh = true;
            } else if (arg.startsWith("--data-dir=")) {
                data = Path.of(arg.substring("--data-dir=".length())).toAbsolutePath();
            } else {
                System.err.println("usage: start.sh [--fresh] [--data-dir=PATH]");
                System.exit(2);
            }
        }
        Path dataDirectory = data;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> say("stopping; data stays in " + dataDirectory)));
        LocalStack stack = LocalStack.start(Options.defaults(repository, data, fresh));
        say("");
        say("ready in " + stack.startupTime().toMillis() / 1000.0 + " s; memory of all processes: "
                + stack.residentBytes() / (1024 * 1024) + " MiB");
        say("gateway:    " + stack.gatewayUrl());
        say("Swagger UI: " + stack.gatewayUrl() + "/swagger-ui.html");
        say("sign in at: " + stack.issuerUrl() + "  (demo users, password demo; ./deploy/local/token.sh USER)");
        say("registry:   " + stack.registryUrl());
        say("Kafka:      " + stack.kafkaBootstrapServers() + " (SASL/SCRAM; read-only: "
                + repository.relativize(stack.auditorKafkaConfig()) + ")   PostgreSQL: localhost:"
                + stack.options.postgresPort() + " (postgres/postgres)");
        say("logs:       " + stack.logDirectory());
        say("Ctrl-C stops everything.");
        Thread.currentThread().join();
    }
}
