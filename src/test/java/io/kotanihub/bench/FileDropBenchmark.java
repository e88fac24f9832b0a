package io.kotanihub.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kotanihub.KotaniHubApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Benchmark of the file drop (not a test; run by {@code bench/run.sh}): starts the hub in this JVM against a
 * sandbox running in another JVM (so that the sandbox's memory does not count), with the hub's throttle off,
 * drops a generated file of {@code --rows} rows and measures how fast it goes through: validated and handed to the
 * ledger, every row sent to Kotani, every row final and the result file written. Then measures the raw request
 * rate of the same sandbox create endpoint with a simple concurrent load generator. Prints rows per second and the
 * peak memory of this JVM.
 * <p>
 * Arguments: {@code --rows=N --sandbox=http://localhost:PORT --work=DIR [--webhooks=signed|off] [--load-requests=N]
 * [--load-threads=N]}.
 */
public final class FileDropBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "sk_sandbox_local";

    private FileDropBenchmark() { }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Runs the benchmark and exits (a hub that failed to start would otherwise keep the JVM alive). */
    public static void main(String[] args) {
        int status = 0;
        try {
            run(args);
        } catch (Exception | Error e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    private static void run(String[] args) throws Exception {
        int rows = Integer.parseInt(arg(args, "rows", "10000"));
        String sandbox = arg(args, "sandbox", "http://localhost:8091");
        Path work = Path.of(arg(args, "work", "target/bench/" + rows)).toAbsolutePath();
        int loadRequests = Integer.parseInt(arg(args, "load-requests", Integer.toString(Math.min(rows, 20000))));
        int loadThreads = Integer.parseInt(arg(args, "load-threads", "16"));
        String concurrency = arg(args, "concurrency", "16");
        Files.createDirectories(work);

        // --webhooks=signed: the hub listens on a known port and registers its webhook URL with the sandbox, which
        // signs every status change it sends (the sandbox must run with its webhook secret); otherwise statuses come
        // only from polling
        boolean webhooks = "signed".equals(arg(args, "webhooks", "off"));
        int port = webhooks ? freePort() : 0;
        log("statuses from %s", webhooks ? "signed webhooks (and polling for what they miss)" : "polling only");
        ConfigurableApplicationContext hub = SpringApplication.run(KotaniHubApplication.class,
                "--server.port=" + port,
                "--hub.kotani.public-base-url=" + (webhooks ? "http://127.0.0.1:" + port : ""),
                "--hub.sandbox.enabled=false",
                "--hub.kotani.base-url=" + sandbox,
                "--hub.kotani.throttle.enabled=false",
                "--hub.dispatch.concurrency=" + concurrency,
                "--hub.dispatch.status-check-min=500ms",
                "--hub.dispatch.status-check-max=5s",
                "--hub.dispatch.poll-interval=200ms",
                "--hub.dispatch.status-poll-interval=200ms",
                "--hub.files.inbox=" + work.resolve("inbox"),
                "--hub.files.outbox=" + work.resolve("outbox"),
                "--hub.files.archive=" + work.resolve("archive"),
                "--hub.files.error=" + work.resolve("error"),
                "--hub.files.poll-delay=200ms",
                "--hub.files.result-check-interval=500ms",
                "--hub.files.progress-interval=" + (rows >= 500_000 ? "30s" : "10s"),
                "--hub.files.result-timeout=2h",
                "--spring.datasource.url=jdbc:h2:file:" + work.resolve("db/ledger")
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;RETENTION_TIME=0",
                "--logging.level.root=WARN",
                "--logging.level.io.kotanihub.ingest.file=INFO");
        try {
            JdbcTemplate jdbc = hub.getBean(JdbcTemplate.class);
            String name = "bench-" + rows + ".csv";
            Path staged = work.resolve(name);
            String prefix = "B" + UUID.randomUUID().toString().substring(0, 6);
            long generateStart = System.nanoTime();
            PayoutFileGenerator.write(staged, rows, prefix);
            log("generated %,d rows (%,d bytes) in %.1f s", rows, Files.size(staged), seconds(generateStart));

            System.gc();
            Files.createDirectories(work.resolve("inbox"));
            long start = System.nanoTime();
            Files.move(staged, work.resolve("inbox").resolve(name));
            Path result = work.resolve("outbox").resolve("bench-" + rows + ".result.csv");
            double handed = -1;
            double sent = -1;
            HeapWatch heap = new HeapWatch();
            long lastCheck = 0;
            long lastStatus = System.nanoTime();
            while (!Files.exists(result)) {
                Thread.sleep(200);
                heap.sample();
                if (System.nanoTime() - lastStatus >= 60_000_000_000L) {
                    lastStatus = System.nanoTime();
                    log("%.0f s: heap %.1f MB now, %.1f MB peak; RSS %s; load average %s", seconds(start),
                            ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0,
                            heap.maxUsed / 1048576.0, vmRss(), loadAverage());
                }
                if (System.nanoTime() - lastCheck < 1_000_000_000L) {
                    continue;
                }
                lastCheck = System.nanoTime();
                if (handed < 0 && count(jdbc, "select count(*) from batches where file_name = ? and status in "
                        + "('DISPATCHED', 'COMPLETED')", name) == 1) {
                    handed = seconds(start);
                    log("all rows validated and in the ledger after %.1f s", handed);
                    heap.live();
                }
                // the ledger holds this run's payments only: a look at the status index, not a count of the batch
                if (handed >= 0 && sent < 0 && jdbc.queryForList("select id from payments where status in "
                        + "('RECEIVED', 'SUBMITTING') fetch first 1 rows only", Long.class).isEmpty()) {
                    sent = seconds(start);
                    log("every row sent to Kotani after %.1f s", sent);
                    heap.live();
                }
            }
            double total = seconds(start);
            handed = handed < 0 ? total : handed;
            sent = sent < 0 ? total : sent;
            heap.sample();
            long lines;
            try (var stream = Files.lines(result)) {
                lines = stream.count() - 1;
            }
            long maxHeap = Runtime.getRuntime().maxMemory();
            String vmHwm = vmHwm();

            LoadResult load = load(sandbox, loadRequests, loadThreads);

            System.out.println();
            System.out.println("=== file drop benchmark: " + String.format(Locale.ROOT, "%,d", rows) + " rows ===");
            System.out.printf(Locale.ROOT, "validated + in the ledger : %8.1f s  %10.0f rows/s%n", handed, rows / handed);
            System.out.printf(Locale.ROOT, "sent to Kotani (sandbox)  : %8.1f s  %10.0f rows/s%n", sent, rows / sent);
            System.out.printf(Locale.ROOT, "all final, result written : %8.1f s  %10.0f rows/s  (%,d result rows)%n",
                    total, rows / total, lines);
            System.out.printf(Locale.ROOT, "heap                      : %8.1f MB peak occupancy (sampled), %.1f MB live "
                    + "(after a full GC at the end of intake and of dispatch), of %.0f MB max heap; peak RSS of the "
                    + "JVM %s%n", heap.maxUsed / 1048576.0, heap.maxLive / 1048576.0, maxHeap / 1048576.0, vmHwm);
            System.out.printf(Locale.ROOT, "sandbox create endpoint   : %10.0f requests/s raw (%,d requests, %d threads, "
                    + "%d non-2xx)%n", load.rate, load.requests, loadThreads, load.errors);
        } finally {
            hub.close();
        }
    }

    private record LoadResult(double rate, int requests, int errors) { }

    /**
     * POSTs {@code requests} mobile-money withdrawals with unique references to the sandbox from {@code threads}
     * threads, as fast as it answers: the ceiling any client of this sandbox can reach.
     */
    private static LoadResult load(String sandbox, int requests, int threads) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        JsonNode wallets = JSON.readTree(send(http, HttpRequest.newBuilder(URI.create(sandbox + "/api/v3/wallet/fiat"))
                .header("Authorization", "Bearer " + KEY).GET().build()));
        String walletId = null;
        for (JsonNode wallet : wallets.path("data")) {
            if ("KES".equals(wallet.path("currency").asText())) {
                walletId = wallet.path("id").asText();
            }
        }
        JsonNode customer = JSON.readTree(send(http, HttpRequest.newBuilder(
                URI.create(sandbox + "/api/v3/customer/mobile-money"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"phone_number\":\"+254719999001\",\"country_code\":\"KE\","
                        + "\"network\":\"MPESA\",\"account_name\":\"Load Generator\"}")).build()));
        String customerKey = customer.path("data").path("customer_key").asText();
        String prefix = "L" + UUID.randomUUID().toString().substring(0, 6) + "-";
        String wallet = walletId;
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicLong done = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                int i;
                while ((i = next.incrementAndGet()) <= requests) {
                    String body = "{\"customer_key\":\"" + customerKey + "\",\"amount\":10,\"walletId\":\"" + wallet
                            + "\",\"referenceId\":\"" + prefix + i + "\",\"network\":\"MPESA\"}";
                    try {
                        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                URI.create(sandbox + "/api/v3/withdraw/mobile-money"))
                                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() / 100 != 2) {
                            errors.incrementAndGet();
                        }
                    } catch (IOException | InterruptedException e) {
                        errors.incrementAndGet();
                    }
                    done.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        double elapsed = seconds(start);
        pool.shutdown();
        return new LoadResult(done.get() / elapsed, (int) done.get(), errors.get());
    }

    private static String send(HttpClient http, HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }

    private static long count(JdbcTemplate jdbc, String sql, String name) {
        Long n = jdbc.queryForObject(sql, Long.class, name);
        return n == null ? 0 : n;
    }

    /**
     * Heap use while the file runs: the largest occupancy seen (sampled every 200 ms; G1 lets it grow towards the
     * maximum before collecting) and the live set, measured with a full GC at the end of two phases.
     */
    private static final class HeapWatch {
        long maxUsed;
        long maxLive;

        void sample() {
            maxUsed = Math.max(maxUsed, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }

        void live() {
            sample();
            System.gc();
            maxLive = Math.max(maxLive, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
    }

    /** Current resident set size of this process (Linux), or "n/a". */
    private static String vmRss() {
        return procStatus("VmRSS:");
    }

    /** The machine's load average (1, 5, 15 minutes), or "n/a". */
    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private static String procStatus(String field) {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith(field))
                    .map(l -> l.substring(field.length()).trim()).findFirst().orElse("n/a");
        } catch (IOException e) {
            return "n/a";
        }
    }

    /** Peak resident set size of this process (Linux), or "n/a". */
    private static String vmHwm() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM:"))
                    .map(l -> l.substring(6).trim()).findFirst().orElse("n/a");
        } catch (IOException e) {
            return "n/a";
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void log(String format, Object... args) {
        System.out.println("[bench] " + String.format(Locale.ROOT, format, args));
    }

    private static String arg(String[] args, String name, String fallback) {
        for (String a : args) {
            if (a.startsWith("--" + name + "=")) {
                return a.substring(name.length() + 3);
            }
        }
        return fallback;
    }
}
