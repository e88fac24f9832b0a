package io.kotanihub.ingest.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import io.kotanihub.support.HubTest;

/** {@code POST /payments} and {@code GET /payments/{reference}} over real HTTP, paid at the real sandbox. */
@HubTest
class RestPaymentsTest {

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    HttpResponse<String> post(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/payments"))
                .header("Authorization", "Bearer hub_dev_key").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String reference) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/payments/" + reference))
                .header("Authorization", "Bearer hub_dev_key").build(), HttpResponse.BodyHandlers.ofString());
    }

    static String command(String reference, String amount) {
        return """
                {"reference":"%s","amount":%s,"currency":"KES","method":"MOBILE_MONEY",
                 "recipient":{"name":"Jane Doe","phone":"+254700000001","network":"MPESA"}}
                """.formatted(reference, amount);
    }

    @Test
    void aReferenceTheClientUrlEncodesIsFound() throws Exception {
        String reference = "inv:" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(post(command(reference, "10")).statusCode()).isEqualTo(202);
        for (String path : List.of(reference.replace(":", "%3A"), reference.replace(":", "%3a"), reference)) {
            HttpResponse<String> found = get(path);
            assertThat(found.statusCode()).as(path + " " + found.body()).isEqualTo(200);
            assertThat(json.readTree(found.body()).get("reference").asText()).isEqualTo(reference);
        }
        assertThat(get("inv%3Anothing-here").statusCode()).isEqualTo(404);
    }

    @Test
    void aPaymentIsAcceptedReplayedIdempotentlyAndRefusedWithDifferentContent() throws Exception {
        String reference = "rest-" + UUID.randomUUID();
        HttpResponse<String> created = post(command(reference, "\"250.00\""));
        assertThat(created.statusCode()).isEqualTo(202);
        JsonNode record = json.readTree(created.body());
        assertThat(record.get("reference").asText()).isEqualTo(reference);
        assertThat(record.get("amount").asText()).isEqualTo("250");
        assertThat(record.get("history").get(0).get("status").asText()).isEqualTo("RECEIVED");

        HttpResponse<String> replay = post(command(reference, "250"));
        assertThat(replay.statusCode()).isEqualTo(202);
        assertThat(json.readTree(replay.body()).get("reference").asText()).isEqualTo(reference);

        HttpResponse<String> conflict = post(command(reference, "251"));
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(conflict.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }

    @Test
    void aPaymentIsFollowedToItsFinalStatusWithItsHistory() throws Exception {
        String reference = "rest-final-" + UUID.randomUUID();
        assertThat(post(command(reference, "99.5")).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
            JsonNode record = json.readTree(get(reference).body());
            assertThat(record.get("status").asText()).isEqualTo("SUCCESSFUL");
        });
        JsonNode record = json.readTree(get(reference).body());
        assertThat(record.get("kotaniId").asText()).isNotBlank();
        assertThat(record.get("history").findValuesAsText("status")).startsWith("RECEIVED").endsWith("SUCCESSFUL");
    }

    @Test
    void invalidCommandsAreRefusedWithEveryProblemListed() throws Exception {
        HttpResponse<String> invalid = post("{\"reference\":\"\",\"amount\":\"-1\",\"currency\":\"XXX\","
                + "\"recipient\":{\"phone\":\"0700\"}}");
        assertThat(invalid.statusCode()).isEqualTo(400);
        JsonNode problem = json.readTree(invalid.body());
        assertThat(problem.get("errors").findValuesAsText("field")).contains("reference", "amount", "currency");

        HttpResponse<String> unknownMember = post("{\"reference\":\"x\",\"amount\":1,\"currency\":\"KES\",\"amout\":2}");
        assertThat(unknownMember.statusCode()).isEqualTo(400);
        assertThat(json.readTree(unknownMember.body()).get("detail").asText()).contains("amout");

        assertThat(post("not json").statusCode()).isEqualTo(400);
        assertThat(post("{\"reference\":\"big\",\"narration\":\"" + "x".repeat(70_000) + "\"}").statusCode())
                .isEqualTo(413);
    }

    @Test
    void anUnknownReferenceIsNotFound() throws Exception {
        HttpResponse<String> missing = get("no-such-reference");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json.readTree(missing.body()).get("status").asInt()).isEqualTo(404);
    }
}
