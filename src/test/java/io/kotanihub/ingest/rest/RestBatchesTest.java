package io.kotanihub.ingest.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kotanihub.dispatch.PaymentIntake;
import io.kotanihub.ledger.BatchRepository;
import io.kotanihub.ledger.BatchUploadRepository;
import io.kotanihub.ledger.PaymentRepository.PaymentWithHistory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code POST /batches} and {@code GET /batches/{id}} over real HTTP, paid at the real sandbox: a CSV is answered
 * with 202 and a batch id, processed asynchronously by the file drop's batch logic, followed through its progress
 * to its counts and result rows; invalid CSVs are rejected with every problem; limits and errors are problems.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hub.sandbox.port=0",
        "hub.sandbox.settle-delay=200ms",
        "hub.sandbox.step-delay=50ms",
        "hub.sandbox.rate-limits.enabled=false",
        "hub.kotani.throttle.enabled=false",
        "hub.dispatch.poll-interval=100ms",
        "hub.dispatch.status-poll-interval=100ms",
        "hub.dispatch.status-check-min=100ms",
        "hub.dispatch.status-check-max=300ms",
        "hub.dispatch.correction-window=0s",
        "hub.api.max-csv-body=4KB",
        "hub.api.batch-check-interval=200ms",
        "hub.files.batch-lease=2s",
        "hub.files.inbox=target/rest-batches/inbox",
        "hub.files.outbox=target/rest-batches/outbox",
        "hub.files.archive=target/rest-batches/archive",
        "hub.files.error=target/rest-batches/error",
        "spring.datasource.url=jdbc:h2:mem:rest-batches;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"})
@ExtendWith(OutputCaptureExtension.class)
class RestBatchesTest {

    private static final String HEADER = "reference,amount,currency,phone,network,name\n";

    @LocalServerPort
    int port;

    @Value("${hub.sandbox.port}")
    int sandboxPort;

    @Autowired
    PaymentIntake intake;

    @Autowired
    BatchUploadRepository uploads;

    @Autowired
    BatchRepository batches;

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    private HttpResponse<String> postCsv(String csv, String contentType, String query) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/batches"
                + (query == null ? "" : "?" + query))).header("Authorization", "Bearer hub_dev_key");
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.POST(HttpRequest.BodyPublishers.ofString(csv)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode getBatch(String id, String query) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/api/v1/batches/" + id + (query == null ? "" : "?" + query)))
                .header("Authorization", "Bearer hub_dev_key").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private JsonNode awaitFinal(String id) {
        List<JsonNode> seen = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonNode batch = getBatch(id, null);
            seen.add(batch);
            return batch.get("final").asBoolean();
        });
        return seen.get(seen.size() - 1);
    }

    private static String ref(String what) {
        return what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aPostedCsvIsAcceptedProcessedAsynchronouslyAndReportedWithCountsProgressAndResults() throws Exception {
        String usedBefore = ref("api-used");
        assertThat(intake.accept(RestPaymentsTestCommands.payout(usedBefore, "10", "+254700000001"), "API", null, null)
                .outcome()).isNotNull();
        String paid = ref("api-paid");
        String failed = ref("api-failed");
        String alsoPaid = ref("api-also-paid");
        String csv = HEADER
                + paid + ",100,KES,+254700000001,MPESA,Jane Doe\n"
                + failed + ",200,KES,+254700000010,MPESA,John Doe\n"
                + usedBefore + ",50,KES,+254700000001,MPESA,Jane Doe\n"
                + alsoPaid + ",75.50,KES,+254 700 000 002,MPESA,Robert Smith\n";

        HttpResponse<String> accepted = postCsv(csv, "text/csv; charset=utf-8", "name=payroll-july.csv");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode answer = json.readTree(accepted.body());
        String id = answer.get("id").asText();
        assertThat(answer.get("replayed").asBoolean()).isFalse();
        assertThat(answer.get("name").asText()).isEqualTo("payroll-july.csv");
        assertThat(answer.get("location").asText()).isEqualTo("/api/v1/batches/" + id);

        JsonNode replay = json.readTree(postCsv(csv, "text/csv", null).body());
        assertThat(replay.get("id").asText()).isEqualTo(id);
        assertThat(replay.get("replayed").asBoolean()).isTrue();

        JsonNode done = awaitFinal(id);
        assertThat(done.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(done.get("source").asText()).isEqualTo("API");
        assertThat(done.get("totalRows").asInt()).isEqualTo(4);
        assertThat(done.get("duplicateRows").asInt()).isEqualTo(1);
        assertThat(done.get("counts").get("SUCCESSFUL").asInt()).isEqualTo(2);
        assertThat(done.get("counts").get("FAILED").asInt()).isEqualTo(1);
        assertThat(done.get("counts").get("DUPLICATE").asInt()).isEqualTo(1);
        assertThat(done.get("progress").get("done").asInt()).isEqualTo(4);
        assertThat(done.get("progress").get("total").asInt()).isEqualTo(4);
        assertThat(done.get("progress").get("percent").asDouble()).isEqualTo(100.0);
        assertThat(done.get("problemCount").asInt()).isZero();

        JsonNode results = done.get("results");
        assertThat(results.findValuesAsText("reference")).containsExactly(paid, failed, usedBefore, alsoPaid);
        assertThat(results.findValuesAsText("status")).containsExactly("SUCCESSFUL", "FAILED", "DUPLICATE",
                "SUCCESSFUL");
        assertThat(results.findValuesAsText("row")).containsExactly("2", "3", "4", "5");
        assertThat(results.get(0).get("kotaniId").asText()).isNotBlank();
        assertThat(results.get(0).get("fee").isNull()).isFalse();
        assertThat(results.get(1).get("errorCode").asText()).isNotBlank();
        assertThat(results.get(3).get("amount").asText()).isEqualTo("75.5");
        assertThat(done.get("nextAfterRow").isNull()).isTrue();

        JsonNode page = getBatch(id, "limit=2&afterRow=3");
        assertThat(page.get("results").findValuesAsText("reference")).containsExactly(failed, usedBefore);
        assertThat(page.get("nextAfterRow").asInt()).isEqualTo(5);

        PaymentWithHistory payment = intake.find(paid).orElseThrow();
        assertThat(payment.payment().source()).isEqualTo("API");
        assertThat(payment.payment().batchId()).isEqualTo(id);
        assertThat(payment.payment().commandJson()).contains("\"batchId\":\"" + id + "\"")
                .contains("\"file\":\"payroll-july.csv\"");
        assertThat(intake.find(usedBefore).orElseThrow().payment().batchId()).isNull();
        assertThat(uploads.content(id)).isEmpty();
    }

    @Test
    void progressCountsTheRowsThatAreFinalWhileOthersAreStillPending() throws Exception {
        String settles = ref("api-settles");
        String neverSettles = ref("api-pending");
        String csv = HEADER + settles + ",30,KES,+254700000001,MPESA,Jane Doe\n"
                + neverSettles + ",40,KES,+254700000020,MPESA,John Doe\n";
        String id = json.readTree(postCsv(csv, "text/csv", null).body()).get("id").asText();

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            JsonNode batch = getBatch(id, null);
            assertThat(batch.get("counts").path("SUCCESSFUL").asInt()).isEqualTo(1);
            assertThat(batch.get("progress").get("done").asInt()).isEqualTo(1);
        });
        JsonNode halfway = getBatch(id, null);
        assertThat(halfway.get("status").asText()).isEqualTo("DISPATCHED");
        assertThat(halfway.get("final").asBoolean()).isFalse();
        assertThat(halfway.get("progress").get("total").asInt()).isEqualTo(2);
        assertThat(halfway.get("progress").get("percent").asDouble()).isEqualTo(50.0);
        assertThat(halfway.get("counts").get("SUCCESSFUL").asInt()
                + halfway.get("counts").path("SUBMITTED").asInt() + halfway.get("counts").path("PROCESSING").asInt())
                .isEqualTo(2);
        assertThat(halfway.has("results")).isFalse();
    }

    @Test
    void anInvalidCsvIsRejectedWithEveryProblemAndNothingIsPaid() throws Exception {
        String first = ref("api-bad");
        String second = ref("api-bad");
        String csv = "reference,amount,currency,phone,network\n"
                + first + ",abc,KES,+254700000001,MPESA\n"
                + second + ",10,XYZ,+254700000001,\n"
                + first + ",10,KES,+254700000001,MPESA\n";
        HttpResponse<String> accepted = postCsv(csv, "text/csv", null);
        assertThat(accepted.statusCode()).isEqualTo(202);
        String id = json.readTree(accepted.body()).get("id").asText();

        JsonNode rejected = awaitFinal(id);
        assertThat(rejected.get("status").asText()).isEqualTo("REJECTED");
        assertThat(rejected.get("invalidRows").asInt()).isEqualTo(3);
        assertThat(rejected.get("progress").get("done").asInt()).isEqualTo(3);
        assertThat(rejected.has("results")).isFalse();
        List<String> problems = new ArrayList<>();
        rejected.get("problems").forEach(p -> problems.add(p.get("row").asInt() + ":" + p.get("field").asText()));
        assertThat(problems).contains("2:amount", "3:currency", "3:network", "4:reference");
        assertThat(rejected.get("problemCount").asInt()).isEqualTo(rejected.get("problems").size());
        assertThat(intake.find(first)).isEmpty();
        assertThat(intake.find(second)).isEmpty();

        JsonNode headerless = awaitFinal(json.readTree(postCsv("amount,currency\n10,KES\n", "text/csv", null).body())
                .get("id").asText());
        assertThat(headerless.get("status").asText()).isEqualTo("REJECTED");
        assertThat(headerless.get("problems").get(0).get("field").asText()).isEqualTo("reference");
    }

    @Test
    void aCsvTheParserCannotReadIsRejectedOnceWithItsProblemAndNothingIsPaid(CapturedOutput output) throws Exception {
        String before = ref("api-quote-ok");
        String broken = ref("api-quote-broken");
        String csv = HEADER + before + ",10,KES,+254700000001,MPESA,Jane Doe\n"
                + broken + ",10,KES,+254700000001,MPESA,\"Jane Doe\n";
        HttpResponse<String> accepted = postCsv(csv, "text/csv", null);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String id = json.readTree(accepted.body()).get("id").asText();

        JsonNode rejected = awaitFinal(id);
        assertThat(rejected.get("status").asText()).isEqualTo("REJECTED");
        assertThat(rejected.get("problems")).singleElement().satisfies(p -> {
            assertThat(p.get("row").asInt()).isEqualTo(3);
            assertThat(p.get("field").asText()).isEqualTo("file");
            assertThat(p.get("message").asText()).contains("never closed");
        });
        await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(getBatch(id, null).get("status").asText()).as("housekeeping leaves it alone").isEqualTo("REJECTED");
        assertThat(intake.find(before)).isEmpty();
        assertThat(uploads.content(id)).isEmpty();
        HttpResponse<String> transactions = http.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                + sandboxPort + "/sandbox/transactions")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(transactions.body()).doesNotContain(before).doesNotContain(broken);
        assertThat(output.getAll().lines().filter(l -> l.contains(id) && l.contains("rejected")))
                .as("rejected once, not retried every minute").hasSize(1);
        assertThat(output.getAll()).doesNotContain("at org.apache.commons.csv");
    }

    @Test
    void aBatchLeftBehindByAStoppedInstanceIsResumedFromTheDatabase() throws Exception {
        String reference = ref("api-resumed");
        byte[] csv = (HEADER + reference + ",120,KES,+254700000001,MPESA,Jane Doe\n").getBytes(StandardCharsets.UTF_8);
        String id = UUID.randomUUID().toString();
        BatchUploadRepository.Stored stored = uploads.create(id, ApiBatches.SOURCE, null, "hash-" + id,
                "a-hub-that-stopped", csv);
        assertThat(stored.created()).isTrue();

        JsonNode done = awaitFinal(id);
        assertThat(done.get("counts").get("SUCCESSFUL").asInt()).isEqualTo(1);
        assertThat(batches.findById(id).orElseThrow().claimedBy()).isNotEqualTo("a-hub-that-stopped");
        assertThat(intake.find(reference).orElseThrow().payment().batchId()).isEqualTo(id);
    }

    @Test
    void limitsAndErrorsAreProblems() throws Exception {
        HttpResponse<String> tooLarge = postCsv(HEADER + "x".repeat(5000), "text/csv", null);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(json.readTree(tooLarge.body()).get("status").asInt()).isEqualTo(413);

        assertThat(postCsv("{\"reference\":\"x\"}", "application/json", null).statusCode()).isEqualTo(415);
        assertThat(postCsv("", "text/csv", null).statusCode()).isEqualTo(400);
        HttpResponse<String> unauthenticated = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/api/v1/batches")).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(HEADER)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unauthenticated.statusCode()).isEqualTo(401);

        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/api/v1/batches/no-such-batch")).header("Authorization", "Bearer hub_dev_key").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json.readTree(missing.body()).get("title").asText()).isEqualTo("Not Found");
    }
}
