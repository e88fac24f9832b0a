package io.kotanihub.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.Reader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kotanihub.bench.PayoutFileGenerator;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A hub killed with SIGKILL in the middle of a payout file, again and again, sends no reference twice and reports
 * every row (issue 11, point 1). Run by failsafe after {@code package}: the sandbox and the hub are the real jar
 * ({@code target/kotani-hub.jar}), each in a JVM of its own, the hub in a working directory laid out as the
 * Dockerfile lays it out ({@code config/}, {@code routes/}, {@code data/}), so that on H2 the database URL of
 * {@code config/application.yaml} is the one under test.
 * <p>
 * The sandbox has its rate limits off, a short settle delay, 40 ms of latency on create calls (so that a batch of
 * {@value #ROWS} rows takes long enough to be killed in several times) and signs its webhooks, which it delivers to
 * the hub (the hub registers its webhook URL at each start and keeps its port across restarts). The hub is killed
 * once while it takes the file in, then {@value #KILLS_WHILE_SENDING} times while create calls are arriving at the
 * sandbox (after a random number of new transactions), and restarted on the same data folder each time. At the end
 * the sandbox must have seen exactly one create call per reference, and the result file must hold every row once
 * with the outcome the sandbox's phone table predicts. Everything (hub logs, sandbox log, the sandbox's view of its
 * transactions on failure) stays under {@code target/process-kill/<variant>/}.
 * <p>
 * Issue 13, "what must hold": the hub is installed with a user's route of its own in {@code routes/} (the example
 * {@code submit-from-file.camel.yaml}, YAML only) and one endpoint in {@code hub.events.endpoints} (a file, appended to
 * in delivery order). Before the payout file, {@value #USER_COMMANDS} commands go through that route to
 * {@code direct:kotani-hub-submit}; once each is accepted the hub is killed, before their final events have left, and
 * restarted on the same database. At the end each of those references has exactly one create call at the sandbox and
 * every status of its history reached the endpoint, in order (a redelivered duplicate aside).
 */
abstract class ProcessKillTestBase {

    static final int ROWS = 1000;
    static final int KILLS_WHILE_SENDING = 6;
    static final int USER_COMMANDS = 12;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Path PROJECT = Path.of("").toAbsolutePath();

    private final List<Process> processes = new ArrayList<>();
    private final Random random = new Random();
    private Path work;
    private Path hubDir;
    private int sandboxPort;
    private int hubPort;
    private int hubStarts;
    /** Hub arguments of the test at hand, beyond the common ones. */
    private List<String> extraHubArguments = List.of();
    private int userDuplicates;

    /** Short name of the variant (its folder under target/process-kill). */
    abstract String variant();

    /** Hub arguments that choose the database (none: the default of config/application.yaml). */
    abstract List<String> databaseArguments();

    /** Environment of the hub process (the database's connection, for profile postgres). */
    abstract Map<String, String> databaseEnvironment();

    @AfterEach
    void stopProcesses() {
        for (Process process : processes) {
            process.destroyForcibly();
        }
    }

    @Test
    void aHubKilledAgainAndAgainInTheMiddleOfAFileSendsEveryReferenceOnceAndReportsEveryRow() throws Exception {
        Path jar = PROJECT.resolve("target/kotani-hub.jar");
        assertThat(jar).as("the jar built by package").exists();
        work = PROJECT.resolve("target/process-kill").resolve(variant());
        deleteRecursively(work);
        hubDir = work.resolve("hub");
        Path sandboxDir = work.resolve("sandbox");
        for (Path dir : List.of(hubDir, sandboxDir)) {
            copyTree(PROJECT.resolve("config"), dir.resolve("config"));
        }
        copyTree(PROJECT.resolve("routes"), hubDir.resolve("routes"));
        // a user's own route, written only in YAML, dropped into routes/ of the installed hub (issue 13)
        Files.copy(PROJECT.resolve("examples/routes/submit-from-file.camel.yaml"),
                hubDir.resolve("routes/submit-from-file.camel.yaml"));
        sandboxPort = freePort();
        hubPort = freePort();

        Process sandbox = start(sandboxDir, List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(),
                "--spring.profiles.active=sandbox",
                "--hub.sandbox.port=" + sandboxPort,
                "--hub.sandbox.rate-limits.enabled=false",
                "--hub.sandbox.settle-delay=300ms",
                "--hub.sandbox.step-delay=50ms",
                "--hub.sandbox.wallets.KES=1000000000000",
                "--hub.sandbox.webhooks.initial-backoff=500ms",
                "--hub.sandbox.webhooks.max-backoff=5s",
                "--logging.level.root=WARN"), Map.of(), work.resolve("sandbox.log"));
        awaitUp(sandbox, "http://127.0.0.1:" + sandboxPort + "/health", "the sandbox", work.resolve("sandbox.log"));
        // create calls take a while, as over a real network: the batch is still being sent after a restart, and
        // at any moment many claimed payments have their create call in flight when the hub is killed
        post("/sandbox/faults", "{\"latencyMs\": 40, \"scope\": \"CREATES\"}");

        String prefix = "K" + UUID.randomUUID().toString().substring(0, 6);
        String name = "killed-" + prefix + ".csv";
        Path staged = work.resolve(name);
        PayoutFileGenerator.write(staged, ROWS, prefix);

        Process hub = startHub(jar);
        List<String> kills = new ArrayList<>();
        // issue 13: commands handed to direct:kotani-hub-submit by the user route, accepted, and the hub killed
        // before their events have all left for the hub.events.endpoints endpoint
        String userPrefix = "U" + prefix;
        Map<String, String> userCommands = submitThroughUserRoute(userPrefix);
        Map<String, List<String>> deliveredBeforeKill = userEvents(userPrefix, false);
        hub = kill(hub, jar, kills, "after the user route's commands were accepted");
        assertThat(userCommands.keySet()).as("references whose final event had not reached the endpoint when the hub "
                + "was killed (delivered then: " + deliveredBeforeKill + ")").anySatisfy(reference ->
                assertThat(deliveredBeforeKill.getOrDefault(reference, List.of()))
                        .doesNotContain(userCommands.get(reference)));
        Files.createDirectories(hubDir.resolve("data/inbox"));
        Files.move(staged, hubDir.resolve("data/inbox").resolve(name), StandardCopyOption.ATOMIC_MOVE);
        Path result = hubDir.resolve("data/outbox").resolve("killed-" + prefix + ".result.csv");
        try {
            // once while the file is taken in (validation, rows handed to the ledger)
            Thread.sleep(500 + random.nextInt(2500));
            hub = kill(hub, jar, kills, "while taking the file in");
            for (int k = 1; k <= KILLS_WHILE_SENDING; k++) {
                int before = sandboxCount();
                int target = before + 20 + random.nextInt(80);
                await(Duration.ofSeconds(120), "the sandbox to receive " + target + " transactions",
                        () -> sandboxCount() >= target || Files.exists(result));
                assertThat(result).as("the batch must still be in flight at kill " + k + " (it ended too soon)")
                        .doesNotExist();
                Thread.sleep(random.nextInt(400));
                hub = kill(hub, jar, kills, "after " + (sandboxCount() - before) + " new transactions at the sandbox");
            }
            assertThat(sandboxCount()).as("creates still to come after the last kill").isLessThan(ROWS + USER_COMMANDS);
            await(Duration.ofSeconds(180), "the result file " + result, () -> Files.exists(result));

            JsonNode transactions = JSON.readTree(get("/sandbox/transactions"));
            Map<String, Integer> creates = new LinkedHashMap<>();
            for (JsonNode txn : transactions.path("transactions")) {
                if (txn.path("reference").asText().startsWith(prefix + "-")) {
                    creates.merge(txn.path("reference").asText(), txn.path("createCalls").asInt(), Integer::sum);
                }
            }
            Map<String, Integer> repeated = new LinkedHashMap<>();
            creates.forEach((reference, calls) -> {
                if (calls != 1) {
                    repeated.put(reference, calls);
                }
            });
            if (!repeated.isEmpty()) {
                Files.writeString(work.resolve("sandbox-transactions.json"), transactions.toPrettyString());
            }
            assertThat(repeated).as(repeated.size() + " references received more than one create call (kills: "
                    + kills + "); logs in " + work).isEmpty();

            Map<String, String> expected = new LinkedHashMap<>();
            for (int i = 1; i <= ROWS; i++) {
                // the generator sends one row in fifty to the sandbox's insufficient-funds number (§21)
                expected.put(prefix + "-" + i, i % 50 == 0 ? "FAILED" : "SUCCESSFUL");
            }
            Map<String, String> reported = new LinkedHashMap<>();
            try (Reader reader = Files.newBufferedReader(result, StandardCharsets.UTF_8);
                 CSVParser parser = CSVParser.builder().setReader(reader)
                         .setFormat(CSVFormat.RFC4180.builder().setHeader().get()).get()) {
                for (CSVRecord record : parser) {
                    assertThat(reported.put(record.get("reference"), record.get("status")))
                            .as("reported once: " + record.get("reference")).isNull();
                }
            }
            assertThat(reported).as("every row in the result, with its outcome; logs in " + work)
                    .isEqualTo(expected);
            assertThat(creates).as("one transaction per row at the sandbox").hasSize(ROWS);
            assertUserCommandsPaidOnceWithEveryEventDelivered(userPrefix, userCommands, transactions);
            System.out.println("process-kill " + variant() + ": " + ROWS + " rows, hub killed " + kills.size()
                    + " times " + kills + ", every reference created once, every row reported");
        } catch (AssertionError | Exception e) {
            System.err.println("process-kill " + variant() + " failed; hub and sandbox logs in " + work);
            throw e;
        }
    }

    /**
     * Bulk mode (issue 14): the hub is killed while a chunk's create call is at the sandbox (2.5 s of latency on
     * creates, the kill 1 s after the chunk was claimed for it), so the sandbox creates the Kotani batch and the
     * answer is never recorded. The restarted hub must find the batch in Kotani's listings instead of sending the
     * chunk again: every reference is created once, named by one bulk create request, and every row is reported.
     */
    @Test
    void aHubKilledDuringABulkCreateCallSendsEveryReferenceOnceAndReportsEveryRow() throws Exception {
        int rows = 300;
        Path jar = PROJECT.resolve("target/kotani-hub.jar");
        assertThat(jar).as("the jar built by package").exists();
        work = PROJECT.resolve("target/process-kill").resolve(variant() + "-bulk");
        deleteRecursively(work);
        hubDir = work.resolve("hub");
        Path sandboxDir = work.resolve("sandbox");
        for (Path dir : List.of(hubDir, sandboxDir)) {
            copyTree(PROJECT.resolve("config"), dir.resolve("config"));
        }
        copyTree(PROJECT.resolve("routes"), hubDir.resolve("routes"));
        sandboxPort = freePort();
        hubPort = freePort();
        extraHubArguments = List.of("--hub.files.dispatch-mode=bulk", "--hub.bulk.max-batch-size=100",
                "--hub.bulk.validate-csv=false", "--hub.bulk.abandoned-after=8s", "--hub.bulk.reconcile-delay=1s",
                "--hub.bulk.poll-interval=200ms", "--hub.bulk.track-interval=1s", "--hub.bulk.retry-delay=1s");
        Process sandbox = start(sandboxDir, List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(),
                "--spring.profiles.active=sandbox", "--hub.sandbox.port=" + sandboxPort,
                "--hub.sandbox.rate-limits.enabled=false", "--hub.sandbox.settle-delay=300ms",
                "--hub.sandbox.step-delay=20ms", "--hub.sandbox.wallets.KES=1000000000000",
                "--hub.sandbox.webhooks.initial-backoff=500ms", "--hub.sandbox.webhooks.max-backoff=5s",
                "--logging.level.root=WARN"), Map.of(), work.resolve("sandbox.log"));
        awaitUp(sandbox, "http://127.0.0.1:" + sandboxPort + "/health", "the sandbox", work.resolve("sandbox.log"));
        post("/sandbox/faults", "{\"latencyMs\": 2500, \"scope\": \"CREATES\"}");

        String prefix = "Q" + UUID.randomUUID().toString().substring(0, 6);
        String name = "bulk-killed-" + prefix + ".csv";
        Path staged = work.resolve(name);
        PayoutFileGenerator.write(staged, rows, prefix);
        Process hub = startHub(jar);
        Files.createDirectories(hubDir.resolve("data/inbox"));
        Files.move(staged, hubDir.resolve("data/inbox").resolve(name), StandardCopyOption.ATOMIC_MOVE);
        Path result = hubDir.resolve("data/outbox").resolve("bulk-killed-" + prefix + ".result.csv");
        Path firstLog = work.resolve("hub-1.log");
        try {
            await(Duration.ofSeconds(120), "the first chunk claimed for its create call", () -> {
                try {
                    return Files.readString(firstLog).contains("claimed for its create call");
                } catch (IOException e) {
                    return false;
                }
            });
            Thread.sleep(1000);
            List<String> kills = new ArrayList<>();
            hub = kill(hub, jar, kills, "during the first chunk's create call");
            post("/sandbox/faults", "{\"latencyMs\": 200, \"scope\": \"CREATES\"}");
            await(Duration.ofSeconds(240), "the result file " + result, () -> Files.exists(result));

            JsonNode transactions = JSON.readTree(get("/sandbox/transactions"));
            Map<String, String> wrong = new LinkedHashMap<>();
            int created = 0;
            for (JsonNode txn : transactions.path("transactions")) {
                String reference = txn.path("reference").asText();
                if (reference.startsWith(prefix + "-")) {
                    created++;
                    if (txn.path("createCalls").asInt() != 1 || txn.path("bulkCreateRequests").asInt() != 1) {
                        wrong.put(reference, txn.path("createCalls") + " creates, " + txn.path("bulkCreateRequests")
                                + " bulk create requests");
                    }
                }
            }
            assertThat(wrong).as("references sent more than once; logs in " + work).isEmpty();
            assertThat(created).as("one transaction per row at the sandbox").isEqualTo(rows);
            Map<String, String> reported = new LinkedHashMap<>();
            try (Reader reader = Files.newBufferedReader(result, StandardCharsets.UTF_8);
                 CSVParser parser = CSVParser.builder().setReader(reader)
                         .setFormat(CSVFormat.RFC4180.builder().setHeader().get()).get()) {
                for (CSVRecord record : parser) {
                    assertThat(reported.put(record.get("reference"), record.get("status")))
                            .as("reported once: " + record.get("reference")).isNull();
                }
            }
            Map<String, String> expected = new LinkedHashMap<>();
            for (int i = 1; i <= rows; i++) {
                expected.put(prefix + "-" + i, i % 50 == 0 ? "FAILED" : "SUCCESSFUL");
            }
            assertThat(reported).as("every row in the result; logs in " + work).isEqualTo(expected);
            assertThat(Files.readString(work.resolve("hub-2.log")))
                    .as("the restarted hub found the chunk the killed one had created").contains("Kotani has it as batch");
            System.out.println("process-kill " + variant() + " bulk: " + rows + " rows, hub killed " + kills
                    + ", the chunk found in Kotani's listings, every reference created once, every row reported");
        } catch (AssertionError | Exception e) {
            System.err.println("process-kill " + variant() + " bulk failed; hub and sandbox logs in " + work);
            throw e;
        }
    }

    /**
     * Drops {@value #USER_COMMANDS} canonical commands as JSON files into the user route's folder (written under
     * another name, then renamed) and waits for every outcome it writes: all {@code accepted}. Answers each reference
     * with the final status the sandbox's phone table gives it (most settle slowly, 12 times the delay, so that the hub is killed before their final events).
     */
    private Map<String, String> submitThroughUserRoute(String userPrefix) throws Exception {
        String[][] phones = {{"+254700000010", "FAILED"}, {"+254700000021", "SUCCESSFUL"},
                {"+254700000021", "SUCCESSFUL"}, {"+254700000021", "SUCCESSFUL"}};
        Path inbox = hubDir.resolve("data/commands-inbox");
        Files.createDirectories(inbox);
        Map<String, String> expected = new LinkedHashMap<>();
        for (int i = 1; i <= USER_COMMANDS; i++) {
            String reference = userPrefix + "-" + i;
            String[] phone = phones[i % phones.length];
            expected.put(reference, phone[1]);
            Path staged = work.resolve(reference + ".tmp");
            Files.writeString(staged, """
                    {"reference":"%s","amount":"12%d.50","currency":"KES",
                     "recipient":{"name":"Route User","phone":"%s","network":"MPESA"}}
                    """.formatted(reference, i, phone[0]));
            Files.move(staged, inbox.resolve(reference + ".json"), StandardCopyOption.ATOMIC_MOVE);
        }
        for (String reference : expected.keySet()) {
            Path outcome = inbox.resolve("done").resolve(reference + ".outcome.json");
            await(Duration.ofSeconds(120), "the user route's outcome " + outcome, () -> Files.exists(outcome));
            await(Duration.ofSeconds(10), "a complete outcome " + outcome, () -> {
                try {
                    return "accepted".equals(JSON.readTree(outcome.toFile()).path("outcome").asText());
                } catch (IOException incomplete) {
                    return false;
                }
            });
        }
        return expected;
    }

    /**
     * The statuses of the user route's payments that reached the file endpoint, per reference, in delivery order,
     * each event once (by its id; at least once allows a resend after a restart). With {@code checked}, also asserts
     * that every reference's event ids arrived in increasing order (in order per reference, duplicates aside).
     */
    private Map<String, List<String>> userEvents(String userPrefix, boolean checked) throws IOException {
        Path events = hubDir.resolve("data/events/events.jsonl");
        Map<String, List<String>> statuses = new LinkedHashMap<>();
        if (!Files.exists(events)) {
            return statuses;
        }
        Map<String, List<Long>> ids = new LinkedHashMap<>();
        // one JSON object per delivery, appended; Jackson reads root values one after the other (while the hub
        // runs, the last one may still be being written: unless checked, what precedes it is the answer)
        try (var values = JSON.readerFor(JsonNode.class).<JsonNode>readValues(Files.readAllBytes(events))) {
            while (values.hasNextValue()) {
                JsonNode event = values.nextValue();
                String reference = event.path("reference").asText();
                if (!reference.startsWith(userPrefix + "-")) {
                    continue;
                }
                List<Long> seen = ids.computeIfAbsent(reference, r -> new ArrayList<>());
                long id = event.path("eventId").asLong();
                if (seen.contains(id)) {
                    userDuplicates++;
                    continue;
                }
                if (checked && !seen.isEmpty()) {
                    assertThat(id).as("event ids of " + reference + " in delivery order " + seen).isGreaterThan(
                            seen.get(seen.size() - 1));
                }
                seen.add(id);
                statuses.computeIfAbsent(reference, r -> new ArrayList<>()).add(event.path("status").asText());
            }
        } catch (IOException partialLastEvent) {
            if (checked) {
                throw partialLastEvent;
            }
        }
        return statuses;
    }

    private void assertUserCommandsPaidOnceWithEveryEventDelivered(String userPrefix, Map<String, String> expected,
                                                                   JsonNode transactions) throws Exception {
        Map<String, Integer> creates = new LinkedHashMap<>();
        for (JsonNode txn : transactions.path("transactions")) {
            if (txn.path("reference").asText().startsWith(userPrefix + "-")) {
                creates.merge(txn.path("reference").asText(), txn.path("createCalls").asInt(), Integer::sum);
            }
        }
        Map<String, Integer> once = new LinkedHashMap<>();
        expected.keySet().forEach(reference -> once.put(reference, 1));
        assertThat(creates).as("create calls at the sandbox per reference of the user route").isEqualTo(once);
        Map<String, List<String>> histories = new LinkedHashMap<>();
        for (String reference : expected.keySet()) {
            await(Duration.ofSeconds(120), reference + " final", () -> expected.get(reference).equals(
                    payment(reference).path("status").asText()));
            List<String> history = new ArrayList<>();
            payment(reference).path("history").forEach(h -> history.add(h.path("status").asText()));
            assertThat(payment(reference).path("source").asText()).isEqualTo("FOLDER");
            histories.put(reference, history);
        }
        await(Duration.ofSeconds(120), "every event of the user route's payments at the endpoint", () -> {
            try {
                userDuplicates = 0;
                return userEvents(userPrefix, false).equals(histories);
            } catch (IOException e) {
                return false;
            }
        });
        userDuplicates = 0;
        assertThat(userEvents(userPrefix, true)).as("every status, in order, per reference").isEqualTo(histories);
        System.out.println("process-kill " + variant() + ": " + expected.size() + " commands from a user route in "
                + "routes/, each created once at the sandbox, every status delivered to the file endpoint in order "
                + "across " + hubStarts + " hub starts (" + userDuplicates + " redelivered duplicates)");
    }

    private JsonNode payment(String reference) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hubPort
                    + "/api/v1/payments/" + reference)).header("Authorization", "Bearer hub_dev_key").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("GET /api/v1/payments/" + reference).isEqualTo(200);
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("the hub does not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Process startHub(Path jar) throws Exception {
        hubStarts++;
        List<String> command = new ArrayList<>(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(),
                "--server.port=" + hubPort,
                "--hub.sandbox.enabled=false",
                "--hub.kotani.base-url=http://127.0.0.1:" + sandboxPort,
                "--hub.kotani.public-base-url=http://127.0.0.1:" + hubPort,
                "--hub.kotani.registration-retry-interval=1s",
                "--hub.kotani.throttle.enabled=false",
                "--hub.kotani.connect-timeout=1s",
                "--hub.kotani.request-timeout=3s",
                "--hub.kotani.webhook-apply.lease=5s",
                "--hub.dispatch.abandoned-after=5s",
                "--hub.dispatch.concurrency=16",
                "--hub.dispatch.reconcile-interval=1s",
                "--hub.dispatch.unknown-check-delay=1s",
                "--hub.dispatch.poll-interval=200ms",
                "--hub.dispatch.status-poll-interval=200ms",
                "--hub.dispatch.status-check-min=500ms",
                "--hub.dispatch.status-check-max=2s",
                "--hub.dispatch.check-lease=5s",
                "--hub.dispatch.correction-window=0s",
                "--hub.files.poll-delay=200ms",
                "--hub.files.stable-for=300ms",
                "--hub.files.result-check-interval=500ms",
                "--hub.files.batch-lease=3s",
                "--hub.health.kotani-probe-interval=2s",
                // issue 13: every event to a file endpoint, appended in delivery order
                "--hub.events.endpoints[0]=file:data/events?fileName=events.jsonl&fileExist=Append",
                "--hub.events.poll-interval=200ms"));
        command.addAll(extraHubArguments);
        command.addAll(databaseArguments());
        Path log = work.resolve("hub-" + hubStarts + ".log");
        Process hub = start(hubDir, command, databaseEnvironment(), log);
        awaitUp(hub, "http://127.0.0.1:" + hubPort + "/actuator/health/liveness", "hub start " + hubStarts, log);
        return hub;
    }

    private Process kill(Process hub, Path jar, List<String> kills, String moment) throws Exception {
        hub.destroyForcibly();  // SIGKILL on Linux: no shutdown hook, no H2 close, nothing flushed
        assertThat(hub.waitFor(20, TimeUnit.SECONDS)).as("the killed hub ended").isTrue();
        kills.add(moment);
        return startHub(jar);
    }

    private Process start(Path dir, List<String> arguments, Map<String, String> environment, Path log)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    private static void awaitUp(Process process, String url, String what, Path log) throws Exception {
        await(Duration.ofSeconds(120), what + " to answer " + url + " (log: " + log + ")", () -> {
            if (!process.isAlive()) {
                fail(what + " ended with " + process.exitValue() + "; log: " + log);
            }
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    private static void await(Duration atMost, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + atMost.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private int sandboxCount() {
        try {
            return JSON.readTree(get("/sandbox/transactions")).path("count").asInt();
        } catch (IOException e) {
            throw new IllegalStateException("the sandbox does not answer", e);
        }
    }

    private String get(String path) throws IOException {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sandboxPort + path)).GET().build());
    }

    private void post(String path, String json) throws IOException {
        send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sandboxPort + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private static String send(HttpRequest request) throws IOException {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(request.uri() + " answered").isEqualTo(200);
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }
}
