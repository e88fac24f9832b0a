package io.kotanihub.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Benchmark of one Kotani budget shared by several hub processes (not a test; run by
 * {@code bench/shared-budget.sh}, which starts the sandbox with its default rate limits and the hubs on one
 * PostgreSQL database): sends {@code --payments} REST payments spread round-robin over the hubs, waits until the
 * sandbox has created every one of them, then reports the 429s the sandbox counted (every endpoint), how many create
 * calls each reference got, the fullest 5 s and 60 s windows of create calls beside the limits (20 and 60), the rate
 * achieved while work was queued (first to last create) against the limit's 60 per minute, and how many create calls
 * each hub's throttle granted. Exits 1 when a 429 was counted, a reference was created twice, or the rate stayed
 * under 90 % of the limit.
 * <p>
 * Arguments: {@code --hubs=http://127.0.0.1:P1,http://127.0.0.1:P2 --sandbox=http://127.0.0.1:PORT
 * [--payments=600] [--hub-key=hub_dev_key] [--limit-per-minute=60]}.
 */
public final class SharedBudgetBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern GRANTED = Pattern.compile(
            "kotani_hub_throttle_wait_seconds_count\\{[^}]*endpoint=\"WITHDRAW_MOBILE_MONEY\"[^}]*result=\"granted\"[^}]*} ([0-9.Ee+]+)");

    private SharedBudgetBenchmark() { }

    public static void main(String[] args) {
        int status;
        try {
            status = run(args);
        } catch (Exception | Error e) {
            e.printStackTrace();
            status = 2;
        }
        System.exit(status);
    }

    private static int run(String[] args) throws Exception {
        List<String> hubs = List.of(arg(args, "hubs", "http://127.0.0.1:8080").split(","));
        String sandbox = arg(args, "sandbox", "http://127.0.0.1:8091");
        int payments = Integer.parseInt(arg(args, "payments", "600"));
        String hubKey = arg(args, "hub-key", "hub_dev_key");
        double limitPerMinute = Double.parseDouble(arg(args, "limit-per-minute", "60"));
        String prefix = "sb" + Long.toString(System.currentTimeMillis(), 36) + "-";
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        Instant submitStart = Instant.now();
        ExecutorService senders = Executors.newFixedThreadPool(8);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < payments; i++) {
            String hub = hubs.get(i % hubs.size());
            String body = String.format(Locale.ROOT, "{\"reference\":\"%s%04d\",\"amount\":\"%d\",\"currency\":\"KES\","
                    + "\"recipient\":{\"name\":\"Bench Payee\",\"phone\":\"+25471%07d\",\"network\":\"MPESA\"}}",
                    prefix, i, 100 + i % 50, 100 + i % 20);
            answers.add(senders.submit(() -> http.send(HttpRequest.newBuilder(URI.create(hub + "/api/v1/payments"))
                    .header("Authorization", "Bearer " + hubKey).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()));
        }
        int accepted = 0;
        for (Future<Integer> answer : answers) {
            accepted += answer.get() == 202 ? 1 : 0;
        }
        senders.shutdown();
        System.out.printf("submitted %d payments over %d hubs in %.1f s (%d answered 202)%n", payments, hubs.size(),
                Duration.between(submitStart, Instant.now()).toMillis() / 1000.0, accepted);
        if (accepted < payments) {
            System.out.println("RESULT: FAIL (not every payment was accepted)");
            return 1;
        }

        long deadline = System.nanoTime() + Duration.ofSeconds((long) (payments * 60 / limitPerMinute * 1.5) + 300).toNanos();
        List<JsonNode> created = created(http, sandbox, prefix);
        long lastReport = System.nanoTime();
        while (created.size() < payments && System.nanoTime() < deadline) {
            Thread.sleep(5000);
            created = created(http, sandbox, prefix);
            if (System.nanoTime() - lastReport > Duration.ofSeconds(60).toNanos()) {
                System.out.printf("  %s: %d of %d created at the sandbox, 429s so far: %d%n", Instant.now(),
                        created.size(), payments, get(http, sandbox + "/sandbox/rate-limits").path("refused").asLong());
                lastReport = System.nanoTime();
            }
        }

        List<Instant> times = created.stream().map(t -> Instant.parse(t.path("createdAt").asText())).sorted().toList();
        long twice = created.stream().filter(t -> t.path("createCalls").asInt() != 1).count();
        JsonNode limits = get(http, sandbox + "/sandbox/rate-limits");
        long refused = limits.path("refused").asLong();
        double seconds = times.size() < 2 ? 0 : Duration.between(times.get(0), times.get(times.size() - 1)).toMillis() / 1000.0;
        double perMinute = seconds == 0 ? 0 : (times.size() - 1) * 60 / seconds;
        double share = perMinute / limitPerMinute;

        System.out.printf("created at the sandbox: %d of %d; references created more than once: %d%n", times.size(),
                payments, twice);
        System.out.printf("first to last create: %.1f s; rate while queued: %.2f per minute = %.1f %% of the limit's %.0f%n",
                seconds, perMinute, share * 100, limitPerMinute);
        System.out.printf("fullest windows of create calls: %d in 5 s (limit 20), %d in 60 s (limit %.0f)%n",
                fullest(times, Duration.ofSeconds(5)), fullest(times, Duration.ofSeconds(60)), limitPerMinute);
        System.out.printf("429s counted by the sandbox (every endpoint): %d%n", refused);
        for (JsonNode endpoint : limits.path("endpoints")) {
            System.out.printf("  %-48s allowed %5d, 429 %3d, fullest burst window %2d/%d, fullest sustained window %3d/%d%n",
                    endpoint.path("endpoint").asText(), endpoint.path("allowed").asLong(), endpoint.path("refused").asLong(),
                    endpoint.path("peakBurst").asInt(), endpoint.path("burstLimit").asInt(),
                    endpoint.path("peakSustained").asInt(), endpoint.path("sustainedLimit").asInt());
        }
        for (String hub : hubs) {
            System.out.printf("  hub %s: withdraw create permits granted: %s%n", hub, granted(http, hub));
        }
        boolean ok = times.size() == payments && twice == 0 && refused == 0 && share >= 0.9;
        System.out.println(ok ? "RESULT: PASS" : "RESULT: FAIL");
        return ok ? 0 : 1;
    }

    private static List<JsonNode> created(HttpClient http, String sandbox, String prefix) throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        for (JsonNode txn : get(http, sandbox + "/sandbox/transactions").path("transactions")) {
            if (txn.path("reference").asText().startsWith(prefix)) {
                rows.add(txn);
            }
        }
        return rows;
    }

    private static String granted(HttpClient http, String hub) {
        try {
            String text = http.send(HttpRequest.newBuilder(URI.create(hub + "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = GRANTED.matcher(text);
            return m.find() ? String.valueOf((long) Double.parseDouble(m.group(1))) : "n/a";
        } catch (Exception e) {
            return "n/a (" + e.getClass().getSimpleName() + ")";
        }
    }

    private static int fullest(List<Instant> times, Duration window) {
        int fullest = 0;
        int oldest = 0;
        for (int i = 0; i < times.size(); i++) {
            while (Duration.between(times.get(oldest), times.get(i)).compareTo(window) >= 0) {
                oldest++;
            }
            fullest = Math.max(fullest, i - oldest + 1);
        }
        return fullest;
    }

    private static JsonNode get(HttpClient http, String url) throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
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
