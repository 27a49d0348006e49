package io.eldercare.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.eldercare.local.LocalStack;
import io.eldercare.local.Phone;
import io.eldercare.testsupport.PkceLogin;
import io.eldercare.testsupport.TestIdNumbers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The lunch peak, measured (not a test: run with {@code -Pbench}, see the README): the whole system started as the
 * README starts it but with production JVM flags (both JIT tiers) and the gateway's rate limit raised by configuration;
 * canteen meals (a terminal's signed face match each: ordered, held, confirmed, completed) from concurrent clients, and
 * home-visit completions (accept, check-in, check-out, the elder's witnessed confirmation, the call centre's callback
 * that lets it be paid) by the demo caregiver, all
 * through the gateway and on to the wallet's capture; with one dispatch (workorder) instance, then with two. Beside
 * each figure, its yardstick in the same run: the same meal request straight to the workorder service, past the
 * gateway. Prints a table and writes it to target/lunch-peak.txt.
 */
class LunchPeakBench {

    private static final UUID PROVIDER = UUID.fromString("1f1f0c2e-77aa-4bd4-8a9c-0a8b3c2d1e00");
    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    private static final int ELDERS = Integer.getInteger("bench.elders", 40);
    private static final int MEALS = Integer.getInteger("bench.meals", 600);
    private static final int CLIENTS = Integer.getInteger("bench.clients", 16);
    private static final int VISITS = Integer.getInteger("bench.visits", 30);
    private static final int YARDSTICK = Integer.getInteger("bench.yardstick", 200);

    private final List<String> report = new ArrayList<>();

    @Test
    void lunchPeakWithOneThenTwoDispatchInstances() throws Exception {
        Path repository = Path.of(System.getProperty("eldercare.repository", "..")).toAbsolutePath().normalize();
        Path data = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "bench-");
        try (LocalStack stack = LocalStack.start(LocalStack.Options.ephemeral(repository, data))) {
            Gateway anonymous = new Gateway(stack.gatewayUrl());
            PkceLogin login = new PkceLogin(stack.issuerUrl());
            Gateway worker = anonymous.as(login.accessToken("worker.qianchuan", "demo"));
            Gateway reviewer = anonymous.as(login.accessToken("reviewer.qianchuan", "demo"));
            Gateway operator = anonymous.as(login.accessToken("operator.huangpi", "demo"));
            Gateway admin = anonymous.as(login.accessToken("admin.huangpi", "demo"));
            String canteenStaff = login.accessToken("provider.admin", "demo");
            Gateway caregiver = anonymous.as(login.accessToken("caregiver.li", "demo"));

            List<UUID> elders = approvedEldersAtHome(worker, reviewer, operator);
            KeyPair terminalKey = ecKey();
            UUID terminal = UUID.fromString(admin.post("/api/workorder/terminals", Map.of("name", "前川幸福食堂（压测）",
                    "publicKey", Base64.getEncoder().encodeToString(terminalKey.getPublic().getEncoded()),
                    "providerId", PROVIDER.toString())).text("id"));
            report.add(String.format(Locale.ROOT, "machine: %d cores, %s; JVMs: %s; %d elders, %d meal clients",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                    System.getProperty("eldercare.local.jvm", "local (C1 only)"), ELDERS, CLIENTS));
            report.add(String.format(Locale.ROOT, "%-34s %9s %6s %8s %9s %9s %9s", "phase", "instances", "ops",
                    "seconds", "ops/s", "p50 ms", "p99 ms"));

            // warm-up, so that both JIT tiers have compiled the paths measured
            meals(anonymous.as(canteenStaff), "/api/workorder", elders, terminal, terminalKey, MEALS / 4,
                    "warm-up meals", 1);
            for (int instances = 1; instances <= 2; instances++) {
                if (instances == 2) {
                    stack.startAnotherInstance("workorder");
                    Thread.sleep(45_000); // the gateway's load balancer picks the new instance up
                    // and the new JVM compiles its hot paths, as the first did
                    meals(anonymous.as(canteenStaff), "/api/workorder", elders, terminal, terminalKey, MEALS / 2,
                            "warm-up meals (both instances)", 2);
                }
                meals(new Gateway(stack.serviceUrl("workorder")).as(canteenStaff), "", elders, terminal,
                        terminalKey, YARDSTICK, "yardstick: meals past the gateway", instances);
                Instant from = Instant.now();
                meals(anonymous.as(canteenStaff), "/api/workorder", elders, terminal, terminalKey, MEALS,
                        "canteen meals through the gateway", instances);
                visits(operator, caregiver, elders, instances);
                long captured = allCaptured(operator, elders, from);
                report.add(String.format(Locale.ROOT, "%-34s %9d %6s %8.1f", "… every hold captured after",
                        instances, "", captured / 1000.0));
            }
        }
        report.forEach(System.out::println);
        Files.write(Path.of("target", "lunch-peak.txt"), report);
    }

    /** Elders approved in Huangpi this month, each with the home recorded and the door's code printed. */
    private List<UUID> approvedEldersAtHome(Gateway worker, Gateway reviewer, Gateway operator) throws Exception {
        List<UUID> elders = new ArrayList<>();
        for (int i = 0; i < ELDERS; i++) {
            Gateway.Response filed = worker.post("/api/eligibility/applications", Map.of(
                    "policyCode", "HUANGPI-2020", "category", "HP-DIBAO", "streetCode", "HP-QIANCHUAN",
                    "communityCode", "HP-QIANCHUAN-01", "serviceStart", TODAY.withDayOfMonth(1).toString(),
                    "noticePostedOn", TODAY.minusDays(10).toString(),
                    "elder", Map.of("name", "压测老人" + i, "idNumber", TestIdNumbers.next(), "phone",
                            String.format("139%08d", i), "address", "黄陂区前川街道")));
            assertThat(filed.status()).as(String.valueOf(filed.body())).isEqualTo(201);
            assertThat(reviewer.post("/api/eligibility/applications/" + filed.text("id") + "/approve", null)
                    .status()).isEqualTo(200);
            elders.add(UUID.fromString(filed.text("elderId")));
        }
        for (UUID elder : elders) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (worker.put("/api/workorder/elders/" + elder + "/home", Map.of("latitude", 30.8746,
                    "longitude", 114.3763)).status() != 204) {
                assertThat(System.nanoTime()).as("dispatch learns of the approval").isLessThan(deadline);
                Thread.sleep(200);
            }
            doorCodes.put(elder, Phone.scan(worker.postForBytes("/api/workorder/elders/" + elder + "/door-code")));
            while (operator.get("/api/wallet/wallets/" + elder).status() != 200) {
                Thread.sleep(200);
            }
        }
        return elders;
    }

    /** {@code count} canteen meals from {@link #CLIENTS} concurrent clients, each a fresh signed face match. */
    private void meals(Gateway staff, String prefix, List<UUID> elders, UUID terminal, KeyPair key, int count,
            String phase, int instances) throws Exception {
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        long start = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            running.add(clients.submit(() -> {
                for (int i; (i = next.getAndIncrement()) < count; ) {
                    UUID elder = elders.get(i % elders.size());
                    Map<String, Object> meal = signedMeal(key, terminal, elder);
                    long sent = System.nanoTime();
                    Gateway.Response served = staff.post(prefix + "/orders/canteen-meals", meal);
                    latencies.add(System.nanoTime() - sent);
                    if (served.status() != 201) {
                        failed.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> client : running) {
            client.get(10, TimeUnit.MINUTES);
        }
        clients.shutdown();
        row(phase, instances, count, System.nanoTime() - start, latencies, failed.get());
    }

    /** Home visits by the demo caregiver, one after another as she makes them; the confirmation completes each. */
    private void visits(Gateway operator, Gateway caregiver, List<UUID> elders, int instances) throws Exception {
        List<Long> latencies = new ArrayList<>();
        int failed = 0;
        long start = System.nanoTime();
        for (int i = 0; i < VISITS; i++) {
            UUID elder = elders.get(i % elders.size());
            long sent = System.nanoTime();
            String order = operator.post("/api/workorder/orders", Map.of("elderId", elder.toString(), "providerId",
                    PROVIDER.toString(), "itemCode", "HP-HAIRCUT", "quantity", 1, "serviceDate", TODAY.toString()),
                    Map.of("Idempotency-Key", UUID.randomUUID().toString())).text("id");
            String code = doorCodes.get(elder);
            caregiver.post("/api/workorder/orders/" + order + "/accept", null);
            caregiver.postMultipart("/api/workorder/orders/" + order + "/check-in", Map.of("doorCode", code,
                    "latitude", 30.8746, "longitude", 114.3763, "photo", Phone.photo()));
            caregiver.postMultipart("/api/workorder/orders/" + order + "/check-out", Map.of("latitude", 30.8746,
                    "longitude", 114.3763, "photo", Phone.photo()));
            caregiver.postMultipart("/api/workorder/orders/" + order + "/confirm/witnessed",
                    Map.of("reason", "压测：手抖无法按指纹", "signature", Phone.photo()));
            // a witnessed signature is paid once the call centre has called the elder back (feedback -> workorder)
            boolean completed = calledBack(operator, order);
            latencies.add(System.nanoTime() - sent);
            if (!completed) {
                failed++;
            }
        }
        row("home visits, order to completion", instances, VISITS, System.nanoTime() - start, latencies, failed);
    }

    /**
     * The call centre calls the elder back as soon as the callback is listed, hears that the visit took place, and the
     * visit is completed: whether it was within a minute.
     */
    private static boolean calledBack(Gateway operator, String order) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (operator.get("/api/feedback/callbacks?orderId=" + order).body().path(0).path("status").isMissingNode()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        operator.post("/api/feedback/callbacks/" + order + "/calls", Map.of("outcome", "VISIT_CONFIRMED"));
        while (!"COMPLETED".equals(operator.get("/api/workorder/orders/" + order).text("status"))) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** The code on each elder's door, as the caregiver's phone reads it. */
    private final Map<UUID, String> doorCodes = new java.util.concurrent.ConcurrentHashMap<>();

    /** Waits until no elder's wallet holds anything any more: every meal and visit captured. Milliseconds since. */
    private static long allCaptured(Gateway operator, List<UUID> elders, Instant from) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        for (UUID elder : elders) {
            while (operator.get("/api/wallet/wallets/" + elder).number("heldFen") != 0) {
                assertThat(System.nanoTime()).as("every hold captured").isLessThan(deadline);
                Thread.sleep(100);
            }
        }
        return Duration.between(from, Instant.now()).toMillis();
    }

    private void row(String phase, int instances, int ops, long nanos, List<Long> latencies, int failed) {
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        double seconds = nanos / 1e9;
        report.add(String.format(Locale.ROOT, "%-34s %9d %6d %8.1f %9.1f %9.1f %9.1f%s", phase, instances, ops,
                seconds, ops / seconds, percentile(sorted, 50), percentile(sorted, 99),
                failed > 0 ? "  (" + failed + " failed)" : ""));
        System.out.println(report.get(report.size() - 1));
    }

    private static double percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1e6;
    }

    /** What a canteen's terminal sends: the order id it chose, the match and its signature (ECDSA P-256). */
    private static Map<String, Object> signedMeal(KeyPair key, UUID terminal, UUID elder) throws Exception {
        UUID order = UUID.randomUUID();
        String score = "0.93";
        String capturedAt = Instant.now().toString();
        String nonce = UUID.randomUUID().toString();
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key.getPrivate());
        signer.update(String.join("|", terminal.toString(), order.toString(), elder.toString(), score, capturedAt,
                nonce).getBytes(StandardCharsets.UTF_8));
        return Map.of("orderId", order.toString(), "terminalId", terminal.toString(), "elderId", elder.toString(),
                "matchScore", new java.math.BigDecimal(score), "capturedAt", capturedAt, "nonce", nonce,
                "signature", Base64.getEncoder().encodeToString(signer.sign()));
    }

    private static KeyPair ecKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }
}
