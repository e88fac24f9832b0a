package io.kotanihub.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kotanihub.ops.console.ConsoleAuth;
import io.kotanihub.rest.ApiProperties;
import io.kotanihub.webhook.erp.ErpOutbox;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import io.kotanihub.support.HubTest;

/**
 * The hub's edge over real HTTP (issue 11, points 2, 3 and 6): the key is checked before a body is read, every body
 * limit holds while the body streams, bodies that are not UTF-8 are refused with the file drop's words, errors raised
 * before the hub's code are problems, failed authentication is throttled per address, and a console change must
 * come from the console itself. Shares {@code RestApiAuthTest}'s property set (one cached context); tests that fail
 * authentication on purpose do so from their own loopback address (127.0.0.x), so the throttle touches no other test.
 */
@HubTest
class EdgeHardeningTest {

    private static final String KEY = "Bearer hub_dev_key";
    private static final String NOT_UTF8 = "is not valid UTF-8 text (the file must be saved as UTF-8)";
    private static final long MB = 1024 * 1024;
    private static final byte[] CSV_ROWS = ("ref-x,100,KES,+254700000000,MPESA,Jane Doe\n").repeat(1000)
            .getBytes(StandardCharsets.UTF_8);

    @LocalServerPort
    int port;

    @Autowired
    ApiProperties api;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ErpOutbox outbox;

    /** The pool Camel's platform-http runs requests on (spring.task.execution.pool). */
    @Autowired
    ThreadPoolTaskExecutor executor;

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    static RawHttp.Generator csv() {
        return buffer -> {
            int n = Math.min(buffer.length, CSV_ROWS.length);
            System.arraycopy(CSV_ROWS, 0, buffer, 0, n);
            return n;
        };
    }

    static RawHttp.Generator filler(byte value) {
        return buffer -> {
            java.util.Arrays.fill(buffer, value);
            return buffer.length;
        };
    }

    static long usedHeapAfterGc() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    JsonNode problem(String contentType, String body, int status) throws Exception {
        assertThat(contentType).startsWith("application/problem+json");
        JsonNode problem = json.readTree(body);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asText()).isNotBlank();
        return problem;
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
    }

    // ------------------------------------------------------------------ point 2: bodies

    @Test
    void anUnauthenticated200MbChunkedBatchIsRefusedBeforeItsBodyIsRead() throws Exception {
        long before = usedHeapAfterGc();
        RawHttp.Answer answer = RawHttp.send(null, port, "POST", "/api/v1/batches", Map.of("Content-Type", "text/csv"),
                -1, 200 * MB, csv());
        long after = usedHeapAfterGc();

        System.out.printf("unauthenticated 200 MB chunked batch: %d in %d ms, %d body bytes taken, heap %+d MB%n",
                answer.status(), answer.millis(), answer.bodyBytesWritten(), (after - before) / MB);
        assertThat(answer.status()).isEqualTo(401);
        problem(answer.header("Content-Type"), answer.body(), 401);
        assertThat(answer.millis()).isLessThan(5_000);
        // Tomcat swallows at most server.tomcat.max-swallow-size (2 MB) after the answer; socket buffers hold a few more
        assertThat(answer.bodyBytesWritten()).isLessThan(20 * MB);
        assertThat(after - before).isLessThan(64 * MB);
    }

    @Test
    void aConsoleCallWithoutASessionIsRefusedBeforeItsBodyIsRead() throws Exception {
        RawHttp.Answer answer = RawHttp.send(null, port, "POST", "/console/api/deliveries/1/replay",
                Map.of("Content-Type", "application/json"), -1, 200 * MB, filler((byte) ' '));
        assertThat(answer.status()).isEqualTo(401);
        problem(answer.header("Content-Type"), answer.body(), 401);
        assertThat(answer.bodyBytesWritten()).isLessThan(20 * MB);
    }

    @Test
    void anAuthenticatedChunkedBatchOverTheLimitIs413AfterAboutTheLimit() throws Exception {
        long limit = api.getMaxCsvBody().toBytes();
        long before = usedHeapAfterGc();
        RawHttp.Answer answer = RawHttp.send(null, port, "POST", "/api/v1/batches",
                Map.of("Content-Type", "text/csv", "Authorization", KEY), -1, 200 * MB, csv());
        long after = usedHeapAfterGc();

        System.out.printf("authenticated 200 MB chunked batch (limit %d): %d in %d ms, %d body bytes taken, heap %+d MB%n",
                limit, answer.status(), answer.millis(), answer.bodyBytesWritten(), (after - before) / MB);
        assertThat(answer.status()).isEqualTo(413);
        problem(answer.header("Content-Type"), answer.body(), 413);
        assertThat(answer.bodyBytesWritten()).isGreaterThanOrEqualTo(limit).isLessThan(limit + 20 * MB);
        assertThat(after - before).isLessThan(64 * MB);
    }

    @Test
    void aDeclaredLengthOverTheLimitIs413AtOnce() throws Exception {
        RawHttp.Answer batch = RawHttp.send(null, port, "POST", "/api/v1/batches",
                Map.of("Content-Type", "text/csv", "Authorization", KEY), 200 * MB, 200 * MB, csv());
        assertThat(batch.status()).isEqualTo(413);
        problem(batch.header("Content-Type"), batch.body(), 413);
        assertThat(batch.bodyBytesWritten()).isLessThan(20 * MB);

        RawHttp.Answer payment = RawHttp.send(null, port, "POST", "/api/v1/payments",
                Map.of("Content-Type", "application/json", "Authorization", KEY), 10 * MB, 10 * MB, filler((byte) ' '));
        assertThat(payment.status()).isEqualTo(413);
        problem(payment.header("Content-Type"), payment.body(), 413);
    }

    @Test
    void aChunkedPaymentOverTheJsonLimitIs413() throws Exception {
        RawHttp.Answer answer = RawHttp.send(null, port, "POST", "/api/v1/payments",
                Map.of("Content-Type", "application/json", "Authorization", KEY), -1, 50 * MB, filler((byte) ' '));
        assertThat(answer.status()).isEqualTo(413);
        problem(answer.header("Content-Type"), answer.body(), 413);
        assertThat(answer.bodyBytesWritten()).isLessThan(20 * MB);
    }

    @Test
    void anOversizedWebhookIs413() throws Exception {
        for (String path : new String[] {"/webhooks/kotani", "/webhooks/kotani/bridge"}) {
            RawHttp.Answer chunked = RawHttp.send(null, port, "POST", path,
                    Map.of("Content-Type", "application/json", "X-Kotani-Signature", "sha256=00"), -1, 50 * MB,
                    filler((byte) ' '));
            assertThat(chunked.status()).as(path).isEqualTo(413);
            problem(chunked.header("Content-Type"), chunked.body(), 413);
            assertThat(chunked.bodyBytesWritten()).isLessThan(20 * MB);

            RawHttp.Answer declared = RawHttp.send(null, port, "POST", path,
                    Map.of("Content-Type", "application/json"), 1024 * 1024, 1024 * 1024, filler((byte) ' '));
            assertThat(declared.status()).as(path).isEqualTo(413);
        }
    }

    @Test
    void aBatchThatIsNotUtf8IsRefusedInTheFileDropsWords() throws Exception {
        String csv = "reference,amount,currency,phone,network,name\nenc-1,100,KES,+254700000001,MPESA,José Müller\n";
        byte[] random = new byte[4096];
        new Random(11).nextBytes(random);
        Map<String, byte[]> bodies = Map.of(
                "Latin-1", csv.getBytes(StandardCharsets.ISO_8859_1),
                "UTF-16 with a byte-order mark", csv.getBytes(StandardCharsets.UTF_16),
                "UTF-16LE without one", csv.getBytes(StandardCharsets.UTF_16LE),
                "random bytes", random);
        for (Map.Entry<String, byte[]> body : bodies.entrySet()) {
            HttpResponse<String> response = send(request("/api/v1/batches").header("Authorization", KEY)
                    .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofByteArray(body.getValue())));
            assertThat(response.statusCode()).as(body.getKey()).isEqualTo(400);
            JsonNode problem = problem(response.headers().firstValue("Content-Type").orElse(""), response.body(), 400);
            assertThat(problem.get("detail").asText()).as(body.getKey()).contains(NOT_UTF8);
        }
        HttpResponse<String> utf8 = send(request("/api/v1/batches").header("Authorization", KEY)
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofByteArray(
                        csv.replace("enc-1", "enc-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8))));
        assertThat(utf8.statusCode()).isEqualTo(202);
    }

    @Test
    void aPaymentOrWebhookThatIsNotUtf8IsA400NamingTheEncoding() throws Exception {
        byte[] latin1 = "{\"reference\":\"enc-2\",\"name\":\"José\"}".getBytes(StandardCharsets.ISO_8859_1);
        byte[] garbage = new byte[2048];
        new Random(7).nextBytes(garbage);
        for (byte[] body : new byte[][] {latin1, garbage}) {
            HttpResponse<String> payment = send(request("/api/v1/payments").header("Authorization", KEY)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)));
            assertThat(payment.statusCode()).isEqualTo(400);
            assertThat(problem(payment.headers().firstValue("Content-Type").orElse(""), payment.body(), 400)
                    .get("detail").asText()).contains(NOT_UTF8);
            for (String path : new String[] {"/webhooks/kotani", "/webhooks/kotani/bridge"}) {
                HttpResponse<String> webhook = send(request(path).header("Content-Type", "application/json")
                        .header("X-Kotani-Signature", "sha256=00").POST(HttpRequest.BodyPublishers.ofByteArray(body)));
                assertThat(webhook.statusCode()).as(path).isEqualTo(400);
                assertThat(problem(webhook.headers().firstValue("Content-Type").orElse(""), webhook.body(), 400)
                        .get("detail").asText()).contains(NOT_UTF8);
            }
        }
    }

    // ------------------------------------------------------------------ point 3: errors before the hub's code

    @Test
    void errorsRaisedBeforeTheHubsCodeAreProblems() throws Exception {
        Map<String, HttpRequest.Builder> cases = Map.of(
                "405", request("/api/v1/payments").header("Authorization", KEY).DELETE(),
                "404", request("/api/v1/no-such-thing").header("Authorization", KEY).GET(),
                "415", request("/api/v1/payments").header("Authorization", KEY).header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")),
                "400", request("/api/v1/payments/inv%2F7").header("Authorization", KEY).GET(),
                "405 webhook", request("/webhooks/kotani").GET(),
                "404 webhook", request("/webhooks/nowhere").POST(HttpRequest.BodyPublishers.ofString("{}")),
                "400 webhook", request("/webhooks/kotani%2Fbridge").POST(HttpRequest.BodyPublishers.ofString("{}")),
                "401 console", request("/console/api/no-such-thing").GET());
        for (Map.Entry<String, HttpRequest.Builder> c : cases.entrySet()) {
            HttpResponse<String> response = send(c.getValue());
            assertThat(response.statusCode()).as(c.getKey()).isBetween(400, 499);
            assertThat(response.headers().firstValue("Content-Type")).as(c.getKey())
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(json.readTree(response.body()).get("status").asInt()).as(c.getKey())
                    .isEqualTo(response.statusCode());
        }
    }

    @Test
    void aFullWorkerPoolAnswers503WithRetryAfterAndStoresNothing() throws Exception {
        // every platform-http worker busy and the pool's queue full, as under a flood of webhooks
        CountDownLatch release = new CountDownLatch(1);
        int occupied = 0;
        try {
            while (true) {
                try {
                    executor.execute(() -> {
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                    occupied++;
                } catch (TaskRejectedException full) {
                    break;
                }
            }
            assertThat(occupied).isEqualTo(executor.getMaxPoolSize() + executor.getQueueCapacity());
            long webhooksBefore = jdbc.queryForObject("select count(*) from kotani_webhook_events", Long.class);
            HttpResponse<String> webhook = send(request("/webhooks/kotani").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"event\":\"transaction.status.updated\",\"data\":{}}")));
            HttpResponse<String> api = send(request("/api/v1/payments/no-such-ref").header("Authorization", KEY).GET());
            for (HttpResponse<String> busy : java.util.List.of(webhook, api)) {
                assertThat(busy.statusCode()).isEqualTo(503);
                assertThat(busy.headers().firstValue("Retry-After")).hasValue("5");
                problem(busy.headers().firstValue("Content-Type").orElse(""), busy.body(), 503);
            }
            assertThat(jdbc.queryForObject("select count(*) from kotani_webhook_events", Long.class))
                    .isEqualTo(webhooksBefore);
        } finally {
            release.countDown();
        }
        // the pool drains and the same call is served again
        for (int i = 0; i < 100 && executor.getActiveCount() > 0; i++) {
            Thread.sleep(50);
        }
        assertThat(send(request("/api/v1/payments/no-such-ref").header("Authorization", KEY).GET()).statusCode())
                .isEqualTo(404);
    }

    @Test
    void queryParametersThatAreNotNumbersAre400ProblemsNot500() throws Exception {
        for (String path : new String[] {"/api/v1/deliveries?limit=abc", "/api/v1/deliveries?limit=99999999999",
                "/api/v1/deliveries?limit=0"}) {
            HttpResponse<String> response = send(request(path).header("Authorization", KEY).GET());
            assertThat(response.statusCode()).as(path).isEqualTo(400);
            problem(response.headers().firstValue("Content-Type").orElse(""), response.body(), 400);
            assertThat(json.readTree(response.body()).get("detail").asText()).as(path).contains("limit");
        }
        assertThat(send(request("/api/v1/deliveries?state=dead&limit=5").header("Authorization", KEY).GET())
                .statusCode()).isEqualTo(200);
    }

    @Test
    void aMissingKeyIs401BeforeAWrongContentTypeIs415() throws Exception {
        HttpResponse<String> response = send(request("/api/v1/payments").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hello")));
        assertThat(response.statusCode()).isEqualTo(401);
        problem(response.headers().firstValue("Content-Type").orElse(""), response.body(), 401);
    }

    // ------------------------------------------------------------------ point 6: throttling and origins

    @Test
    void elevenWrongKeysFromOneAddressAreAnswered429WhileOtherAddressesAreNot() throws Exception {
        for (int i = 1; i <= 10; i++) {
            RawHttp.Answer wrong = RawHttp.send("127.0.0.2", port, "GET", "/api/v1/openapi.json",
                    Map.of("Authorization", "Bearer wrong-" + i), 0, 0, filler((byte) 0));
            assertThat(wrong.status()).as("attempt " + i).isEqualTo(401);
        }
        RawHttp.Answer eleventh = RawHttp.send("127.0.0.2", port, "GET", "/api/v1/openapi.json",
                Map.of("Authorization", "Bearer wrong-11"), 0, 0, filler((byte) 0));
        assertThat(eleventh.status()).isEqualTo(429);
        assertThat(Long.parseLong(eleventh.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(problem(eleventh.header("Content-Type"), eleventh.body(), 429).get("detail").asText())
                .contains("too many failed");

        RawHttp.Answer otherAddress = RawHttp.send("127.0.0.4", port, "GET", "/api/v1/openapi.json",
                Map.of("Authorization", KEY), 0, 0, filler((byte) 0));
        assertThat(otherAddress.status()).isEqualTo(200);
    }

    @Test
    void elevenWrongConsoleSignInsFromOneAddressAreAnswered429() throws Exception {
        byte[] form = "key=not-the-key".getBytes(StandardCharsets.UTF_8);
        RawHttp.Generator body = buffer -> {
            System.arraycopy(form, 0, buffer, 0, form.length);
            return form.length;
        };
        Map<String, String> headers = Map.of("Content-Type", "application/x-www-form-urlencoded");
        for (int i = 1; i <= 10; i++) {
            RawHttp.Answer wrong = RawHttp.send("127.0.0.3", port, "POST", "/console/login", headers, form.length,
                    form.length, body);
            assertThat(wrong.status()).as("attempt " + i).isEqualTo(401);
        }
        RawHttp.Answer eleventh = RawHttp.send("127.0.0.3", port, "POST", "/console/login", headers, form.length,
                form.length, body);
        assertThat(eleventh.status()).isEqualTo(429);
        assertThat(eleventh.header("Retry-After")).isNotBlank();
        problem(eleventh.header("Content-Type"), eleventh.body(), 429);
    }

    @Test
    void aConsoleReplayFromAnotherOriginIsRefusedAndReplaysNothing() throws Exception {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        String message = "msg_edge_" + UUID.randomUUID();
        jdbc.update("insert into erp_deliveries (event_id, message_id, reference, target_url, payload, state, attempts,"
                        + " next_attempt_at, created_at, updated_at) values (?, ?, 'edge-ref', 'http://127.0.0.1:9/erp',"
                        + " '{}', 'DEAD', 8, ?, ?, ?)", Math.abs(new Random().nextLong() % 1_000_000_000L) + 1_000_000,
                message, now, now, now);
        long id = jdbc.queryForObject("select id from erp_deliveries where message_id = ?", Long.class, message);

        HttpResponse<String> signedIn = send(request("/console/login").header("Content-Type",
                "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("key=hub_dev_key")));
        String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        assertThat(cookie).startsWith(ConsoleAuth.COOKIE + "=");

        String replay = "/console/api/deliveries/" + id + "/replay";
        HttpResponse<String> foreignOrigin = send(request(replay).header("Cookie", cookie)
                .header("Origin", "https://evil.example").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(foreignOrigin.statusCode()).isEqualTo(403);
        problem(foreignOrigin.headers().firstValue("Content-Type").orElse(""), foreignOrigin.body(), 403);
        HttpResponse<String> crossSite = send(request(replay).header("Cookie", cookie)
                .header("Sec-Fetch-Site", "cross-site").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(crossSite.statusCode()).isEqualTo(403);
        HttpResponse<String> signOut = send(request("/console/logout").header("Cookie", cookie)
                .header("Origin", "https://evil.example").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(signOut.statusCode()).isEqualTo(403);
        assertThat(outbox.find(id).orElseThrow().state()).isEqualTo("DEAD");

        HttpResponse<String> opaqueOrigin = send(request(replay).header("Cookie", cookie)
                .header("Origin", "null").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(opaqueOrigin.statusCode()).isEqualTo(403);
        assertThat(outbox.find(id).orElseThrow().state()).isEqualTo("DEAD");

        // as Chromium sends the console's own form under Referrer-Policy: no-referrer: an opaque Origin, and the
        // fetch metadata that says same-origin
        HttpResponse<String> sameOrigin = send(request(replay).header("Cookie", cookie)
                .header("Origin", "null").header("Sec-Fetch-Site", "same-origin")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(sameOrigin.statusCode()).isEqualTo(202);
        assertThat(outbox.find(id).orElseThrow().state()).isNotEqualTo("DEAD");
    }
}
