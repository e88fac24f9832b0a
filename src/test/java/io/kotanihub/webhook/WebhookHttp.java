package io.kotanihub.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Plain HTTP for the webhook tests: deliveries to the hub, and calls to the sandbox as a Kotani client makes them. */
final class WebhookHttp {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    HttpResponse<String> deliver(int hubPort, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + hubPort
                        + "/webhooks/kotani"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode sandbox(int sandboxPort, String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + sandboxPort + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer sk_sandbox_local")
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode()
                    + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    static JsonNode vectors() throws IOException {
        try (InputStream in = WebhookHttp.class.getResourceAsStream("/kotani/webhook-signature-vectors.json")) {
            return JSON.readTree(in);
        }
    }

    static JsonNode vector(String name) throws IOException {
        for (JsonNode vector : vectors().get("cases")) {
            if (vector.get("name").asText().equals(name)) {
                return vector;
            }
        }
        throw new IllegalArgumentException("no vector " + name);
    }
}
