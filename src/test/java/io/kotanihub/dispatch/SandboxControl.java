package io.kotanihub.dispatch;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The sandbox's test controls ({@code /sandbox/...}) and plain API calls, over real HTTP. */
final class SandboxControl {

    /** One transaction the sandbox created, with the create calls it received for the reference. */
    record SandboxTxn(String id, String reference, String status, int createCalls, String createdAt) { }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;

    SandboxControl(int port) {
        this.baseUrl = "http://localhost:" + port;
    }

    void reset() {
        post("/sandbox/reset", "{}");
    }

    void faults(String json) {
        post("/sandbox/faults", json);
    }

    /** Every transaction the sandbox created, by reference. */
    Map<String, SandboxTxn> transactions() {
        JsonNode body = send(HttpRequest.newBuilder(URI.create(baseUrl + "/sandbox/transactions")).GET().build());
        Map<String, SandboxTxn> byReference = new HashMap<>();
        for (JsonNode t : body.path("transactions")) {
            byReference.put(t.path("reference").asText(), new SandboxTxn(t.path("id").asText(),
                    t.path("reference").asText(), t.path("status").asText(), t.path("createCalls").asInt(),
                    t.path("createdAt").asText()));
        }
        return byReference;
    }

    /** A call to the sandbox's Kotani API with the development key; returns the HTTP status. */
    int api(String path, String json) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .header("Authorization", "Bearer sk_sandbox_local")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer sk_sandbox_local").GET().build());
    }

    private void post(String path, String json) {
        send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private JsonNode send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(request.uri() + " -> " + response.statusCode() + " " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
