package io.kotanihub.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kotanihub.KotaniHubApplication;
import io.kotanihub.ops.console.ConsoleTrends;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Benchmark of the operations console at scale (not a test; run by {@code bench/console.sh}): starts the hub on H2
 * (a file database) or PostgreSQL (a fresh database), fills the ledger with {@code --rows} payments spread over the
 * last week with {@code INSERT ... SELECT} from a generated series (and as many Kotani calls, received webhooks and
 * ERP deliveries), then times every console data call over HTTP with a signed-in session: the first call, then the
 * median and the slowest of {@code --repeat} more.
 * <p>
 * Arguments: {@code --db=h2|postgres --rows=N --work=DIR [--repeat=5] [--companions=N]} (Kotani calls, webhooks and
 * ERP deliveries, for the newest N payments; default one of each for every payment).
 */
public final class ConsoleBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter LITERAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'+00'")
            .withZone(ZoneOffset.UTC);

    private ConsoleBenchmark() { }

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
        String db = arg(args, "db", "h2");
        int rows = Integer.parseInt(arg(args, "rows", "1000000"));
        int repeat = Integer.parseInt(arg(args, "repeat", "5"));
        int companions = Math.min(rows, Integer.parseInt(arg(args, "companions", Integer.toString(rows))));
        Path work = Path.of(arg(args, "work", "target/bench/console-" + db)).toAbsolutePath();
        Files.createDirectories(work);
        boolean postgres = db.equals("postgres");
        String url;
        if (postgres) {
            String name = "kotani_console_bench";
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                 Statement s = c.createStatement()) {
                s.execute("drop database if exists " + name);
                s.execute("create database " + name);
            }
            url = "jdbc:postgresql://127.0.0.1:5432/" + name;
        } else {
            try (var files = Files.walk(work)) {
                files.sorted(Collections.reverseOrder()).filter(p -> !p.equals(work)).forEach(p -> p.toFile().delete());
            }
            url = "jdbc:h2:file:" + work.resolve("db/ledger")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        }
        ConfigurableApplicationContext hub = SpringApplication.run(KotaniHubApplication.class,
                "--server.port=0",
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + (postgres ? "postgres" : "sa"),
                "--spring.datasource.password=",
                "--hub.sandbox.port=0",
                "--hub.files.inbox=" + work.resolve("inbox"),
                "--hub.files.outbox=" + work.resolve("outbox"),
                "--hub.files.archive=" + work.resolve("archive"),
                "--hub.files.error=" + work.resolve("error"),
                "--logging.level.root=WARN");
        try {
            JdbcTemplate jdbc = hub.getBean(JdbcTemplate.class);
            long start = System.nanoTime();
            fill(jdbc, postgres, rows, companions);
            log("%s: %,d payments and %,d each of Kotani calls, webhooks and ERP deliveries inserted in %.1f s", db, rows,
                    companions, seconds(start));
            // the rows are backdated over the last week: the trend buckets kept while they went in are stale (V28)
            long t = System.nanoTime();
            jdbc.update("delete from console_trend_buckets");
            int settled = hub.getBean(ConsoleTrends.class).settle();
            log("trend buckets settled (what the console-trends route does after a start): %d in %.1f s", settled,
                    seconds(t));
            log("counters (V27) vs count(*): payments %d / %d, Kotani calls %d / %d",
                    jdbc.queryForObject("select sum(n) from console_counts where kind = 'PAYMENT'", Long.class),
                    jdbc.queryForObject("select count(*) from payments", Long.class),
                    jdbc.queryForObject("select sum(n) from console_counts where kind = 'CALL'", Long.class),
                    jdbc.queryForObject("select count(*) from kotani_calls", Long.class));
            int port = Integer.parseInt(hub.getBean(Environment.class).getProperty("local.server.port"));
            time(port, rows, repeat, db);
        } finally {
            hub.close();
        }
    }

    /** The payments over the last week (one every 600 ms), one Kotani call, webhook and ERP delivery for each. */
    static void fill(JdbcTemplate jdbc, boolean postgres, int rows, int companions) throws java.io.IOException {
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(7, ChronoUnit.DAYS).plus(30, ChronoUnit.MINUTES);
        String series = "{series}";
        String ref = "'bench-' || lpad(cast(x as varchar), 7, '0')";
        String failed = "mod(x, 50) = 0";
        long batches = Math.min(90, (rows + 9999) / 10000);
        long inBatches = Math.min(rows, batches * 10000);
        String batchSeries = postgres ? "(select generate_series(0, " + (batches - 1) + ") as x) g"
                : "(select \"X\" as x from system_range(0, " + (batches - 1) + ")) g";
        // the console's indexes (V25) are built once the rows are in, as a bulk load does: much faster than per row
        List<String> indexes = consoleIndexes();
        for (String create : indexes) {
            jdbc.execute("drop index " + create.split("\\s+")[2]);
        }
        if (!postgres) {
            // H2's counters trigger fires per row (PostgreSQL's per statement): a bulk load drops it and counts after
            jdbc.execute("drop trigger console_count_payments");
            jdbc.execute("drop trigger console_count_calls");
        }
        long t = System.nanoTime();
        jdbc.update("insert into batches (id, source, file_name, file_hash, status, total_rows, valid_rows, dispatched_rows, "
                + "created_at, updated_at, completed_at) select 'bench-batch-' || lpad(cast(x as varchar), 3, '0'), 'FILE', "
                + "'payroll-' || cast(x as varchar) || '.csv', 'hash-' || cast(x as varchar), 'COMPLETED', 10000, 10000, 10000, "
                + ts(postgres, base, "x * 6000000") + ", " + ts(postgres, base, "x * 6000000") + ", "
                + ts(postgres, base, "x * 6000000 + 6030000") + " from " + batchSeries);
        chunked(jdbc, postgres, 1, rows, "insert into payments (reference, type, method, amount, currency, country, status, batch_id, batch_row, "
                + "source, attempts, last_error_code, last_error, command_json, command_hash, next_check_at, created_at, "
                + "updated_at, submitted_at, completed_at, version) select " + ref + ", "
                + "case when mod(x, 20) = 0 then 'COLLECTION' else 'PAYOUT' end, "
                + "case when mod(x, 10) = 3 then 'BANK' else 'MOBILE_MONEY' end, mod(x, 5000) + 10.5, "
                + "case when mod(x, 10) = 5 then 'UGX' else 'KES' end, case when mod(x, 10) = 5 then 'UG' else 'KE' end, "
                + "case when " + failed + " then 'FAILED' when mod(x, 10007) = 1 then 'UNKNOWN' else 'SUCCESSFUL' end, "
                + "case when x <= " + inBatches + " then 'bench-batch-' || lpad(cast((x - 1) / 10000 as varchar), 3, '0') end, "
                + "case when x <= " + inBatches + " then mod(x - 1, 10000) + 1 end, "
                + "case when x <= " + inBatches + " then 'FILE' when mod(x, 2) = 0 then 'API' else 'KAFKA' end, 1, "
                + "case when " + failed + " then case mod(x / 50, 3) when 0 then 'INSUFFICIENT_FUNDS' when 1 then "
                + "'INVALID_ACCOUNT' else 'LIMIT_EXCEEDED' end end, "
                + "case when " + failed + " then 'Kotani refused the payment to +2547' || lpad(cast(mod(x, 100000000) as varchar), 8, '0') end, "
                + "'{\"reference\":\"' || " + ref + " || '\",\"recipient\":{\"name\":\"Jane Doe\",\"phone\":\"+2547' || "
                + "lpad(cast(mod(x, 100000000) as varchar), 8, '0') || '\",\"network\":\"MPESA\"}}', 'h', "
                + "case when mod(x, 10007) = 1 and not " + failed + " then timestamp with time zone '2100-01-01 00:00:00+00' end, "
                + ts(postgres, base, "x * 600") + ", " + ts(postgres, base, "x * 600 + 30000") + ", "
                + ts(postgres, base, "x * 600 + 1000") + ", "
                + "case when mod(x, 10007) = 1 and not " + failed + " then null else " + ts(postgres, base, "x * 600 + 30000") + " end, 0 "
                + "from " + series);
        log("payments: %.1f s", seconds(t));
        t = System.nanoTime();
        chunked(jdbc, postgres, rows - companions + 1, rows, "insert into kotani_calls (reference, operation, http_method, http_status, outcome, message, latency_ms, at) "
                + "select " + ref + ", 'WITHDRAW_MOBILE_MONEY', 'POST', case when mod(x, 97) = 0 then 429 when " + failed
                + " then 400 else 200 end, case when mod(x, 97) = 0 then 'RATE_LIMITED' when " + failed + " then 'REJECTED' "
                + "else 'ACCEPTED' end, null, 80 + mod(mod(x, 400) * 7919, 400), " + ts(postgres, base, "x * 600 + 500") + " from " + series);
        log("kotani_calls: %.1f s", seconds(t));
        t = System.nanoTime();
        chunked(jdbc, postgres, rows - companions + 1, rows, "insert into kotani_webhook_events (event_name, kind, reference, status, raw_body, signature_verified, "
                + "dedupe_key, event_at, received_at, processed_at, outcome, attempts, kafka_published_at, event_logged_at) select "
                + "'transaction.status.updated', 'WITHDRAWAL', " + ref + ", 'SUCCESSFUL', '{}', true, 'bench-' || cast(x as varchar), "
                + ts(postgres, base, "x * 600 + 19000") + ", "
                + ts(postgres, base, "x * 600 + 20000") + ", " + ts(postgres, base, "x * 600 + 20000 + mod(x, 900)") + ", "
                // applied and in the event log (V30) as the hub leaves them: the overview counts what is not yet logged
                + "'APPLIED', 1, " + ts(postgres, base, "x * 600 + 20000") + ", "
                + ts(postgres, base, "x * 600 + 20000 + mod(x, 900)") + " from " + series);
        log("kotani_webhook_events: %.1f s", seconds(t));
        t = System.nanoTime();
        chunked(jdbc, postgres, rows - companions + 1, rows, "insert into erp_deliveries (message_id, reference, target_url, payload, state, attempts, next_attempt_at, "
                + "last_status, created_at, updated_at, delivered_at) select 'msg_bench_' || cast(x as varchar), " + ref + ", "
                + "'https://erp.example/hook', '{}', case when mod(x, 333) = 0 then 'DEAD' else 'DELIVERED' end, 1, "
                + ts(postgres, base, "x * 600 + 30500") + ", 200, " + ts(postgres, base, "x * 600 + 30500") + ", "
                + ts(postgres, base, "x * 600 + 31000") + ", case when mod(x, 333) = 0 then null else "
                + ts(postgres, base, "x * 600 + 31000") + " end from " + series);
        log("erp_deliveries: %.1f s", seconds(t));
        t = System.nanoTime();
        for (String create : indexes) {
            jdbc.execute(create);
        }
        log("console indexes (V25, V28) built: %.1f s", seconds(t));
        if (!postgres) {
            t = System.nanoTime();
            jdbc.execute("delete from console_counts");
            jdbc.execute("insert into console_counts (kind, on_day, batch_id, k1, k2, shard, n, total) "
                    + "select 'PAYMENT', cast(created_at at time zone 'UTC' as date), coalesce(batch_id, ''), status, "
                    + "type, cast(mod(id, 16) as integer), count(*), 0 from payments "
                    + "group by cast(created_at at time zone 'UTC' as date), coalesce(batch_id, ''), status, type, "
                    + "cast(mod(id, 16) as integer)");
            String error = "case when outcome in ('REJECTED', 'UNKNOWN', 'NOT_SENT') and not (operation = "
                    + "'CUSTOMER_BY_PHONE' and coalesce(http_status, 0) = 404) then 'ERROR' else '' end";
            jdbc.execute("insert into console_counts (kind, on_day, batch_id, k1, k2, shard, n, total) "
                    + "select 'CALL', cast(at at time zone 'UTC' as date), '', outcome, " + error + ", "
                    + "cast(mod(id, 16) as integer), count(*), sum(latency_ms) from kotani_calls "
                    + "group by cast(at at time zone 'UTC' as date), outcome, " + error + ", cast(mod(id, 16) as integer)");
            jdbc.execute("create trigger console_count_payments after insert, update, delete on payments for each row "
                    + "call \"db.migration.ConsoleCountsH2Trigger\"");
            jdbc.execute("create trigger console_count_calls after insert on kotani_calls for each row "
                    + "call \"db.migration.ConsoleCountsH2Trigger\"");
            log("H2 counters (V27) counted after the load, triggers back: %.1f s", seconds(t));
        }
        t = System.nanoTime();
        if (postgres) {
            jdbc.execute("vacuum analyze");
        } else {
            jdbc.execute("analyze");
        }
        log("analyze: %.1f s", seconds(t));
    }

    /** Runs an INSERT ... SELECT over {@code x} from {@code first} to {@code last}, 100,000 at a time. */
    private static void chunked(JdbcTemplate jdbc, boolean postgres, int first, int last, String sql) {
        for (int lo = first; lo <= last; lo += 100_000) {
            int hi = Math.min(last, lo + 99_999);
            jdbc.update(sql.replace("{series}", postgres ? "(select generate_series(" + lo + ", " + hi + ") as x) g"
                    : "(select \"X\" as x from system_range(" + lo + ", " + hi + ")) g"));
        }
    }

    /** The {@code create index} statements of the console's migration, as shipped. */
    private static List<String> consoleIndexes() throws java.io.IOException {
        String sql;
        try (var in = ConsoleBenchmark.class.getResourceAsStream("/db/migration/V25__console_lists.sql");
             var more = ConsoleBenchmark.class.getResourceAsStream("/db/migration/V28__console_trend_buckets.sql")) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8) + ";\n"
                    + new String(more.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> out = new ArrayList<>();
        for (String statement : sql.replaceAll("(?m)^--.*$", "").split(";")) {
            if (statement.strip().startsWith("create index")) {
                out.add(statement.strip());
            }
        }
        return out;
    }

    /** A timestamp {@code millis} after {@code base}, in each database's own words. */
    private static String ts(boolean postgres, Instant base, String millis) {
        String literal = "timestamp with time zone '" + LITERAL.format(base) + "'";
        return postgres ? "(" + literal + " + (" + millis + ") * interval '1 millisecond')"
                : "dateadd(millisecond, " + millis + ", " + literal + ")";
    }

    private static void time(int port, int rows, int repeat, String db) throws Exception {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        String base = "http://localhost:" + port;
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/console/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("key=hub_dev_key")).build(), HttpResponse.BodyHandlers.ofString());
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow(() ->
                new IllegalStateException("sign-in refused: " + login.statusCode()));
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        JsonNode first = JSON.readTree(get(http, base + "/console/api/payments?limit=50", cookie).body());
        String next = first.path("next").asText();
        String middle = JSON.readTree(get(http, base + "/console/api/payments?limit=1&q=bench-"
                + String.format("%07d", rows / 2), cookie).body()).path("rows").path(0).path("createdAt").asText();
        String deep = middle + "~" + (rows / 2 + 1);
        String day = Instant.now().minus(3, ChronoUnit.DAYS).toString().substring(0, 10);
        String ref = "bench-" + String.format("%07d", rows / 2);
        List<String> calls = List.of(
                "/console", "/console/payments?status=FAILED", "/console/trends", "/console/failures",
                "/console/api/overview",
                "/console/api/payments",
                "/console/api/payments?after=" + enc(next),
                "/console/api/payments?after=" + enc(deep),
                "/console/api/payments?status=FAILED",
                "/console/api/payments?status=UNKNOWN",
                "/console/api/payments?type=COLLECTION",
                "/console/api/payments?method=BANK",
                "/console/api/payments?method=TILL",
                "/console/api/payments?source=KAFKA",
                "/console/api/payments?batch=bench-batch-042",
                "/console/api/payments?status=FAILED&batch=bench-batch-042",
                "/console/api/payments?currency=UGX",
                "/console/api/payments?status=FAILED&code=INVALID_ACCOUNT",
                "/console/api/payments?q=bench-04",
                "/console/api/payments?q=bench-0499",
                "/console/api/payments?q=nothing-like-this",
                "/console/api/payments?from=" + day + "&to=" + day,
                "/console/api/payments?on=completed&from=" + day + "&to=" + day,
                "/console/api/payments?status=FAILED&type=COLLECTION&currency=UGX&from=" + day,
                "/console/api/payments.csv?status=FAILED&batch=bench-batch-042",
                "/console/api/payments/" + ref,
                "/console/api/failures?window=hour",
                "/console/api/failures?window=day",
                "/console/api/failures?window=week",
                "/console/api/trends?window=hour",
                "/console/api/trends?window=day",
                "/console/api/trends?window=week",
                "/console/api/batches",
                "/console/api/batches?status=COMPLETED&source=FILE&from=" + day,
                "/console/api/batches/bench-batch-042",
                "/console/api/batches/bench-batch-042?status=FAILED");
        log("%-80s %6s %8s %8s %8s", db + ", " + rows + " payments: call", "status", "first", "median", "max");
        double worst = 0;
        for (String path : calls) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = get(http, base + path, cookie);
            double firstMs = (System.nanoTime() - t0) / 1e6;
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < repeat; i++) {
                long t = System.nanoTime();
                get(http, base + path, cookie);
                times.add((System.nanoTime() - t) / 1e6);
            }
            Collections.sort(times);
            worst = Math.max(worst, times.get(times.size() - 1));
            log("%-80s %6d %8.1f %8.1f %8.1f", path.length() > 80 ? path.substring(0, 77) + "..." : path, r.statusCode(),
                    firstMs, times.get(times.size() / 2), times.get(times.size() - 1));
        }
        log("slowest call after the first: %.1f ms", worst);
        long t = System.nanoTime();
        HttpResponse<java.io.InputStream> all = http.send(HttpRequest.newBuilder(URI.create(base + "/console/api/payments.csv"))
                .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofInputStream());
        long lines = 0;
        try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(all.body(), StandardCharsets.UTF_8))) {
            while (reader.readLine() != null) {
                lines++;
            }
        }
        log("full CSV export: %,d lines in %.1f s (streamed)", lines, seconds(t));
    }

    private static HttpResponse<String> get(HttpClient http, String url, String cookie) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String arg(String[] args, String name, String fallback) {
        for (String a : args) {
            if (a.startsWith("--" + name + "=")) {
                return a.substring(name.length() + 3);
            }
        }
        return fallback;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void log(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }
}
