package io.kotanihub.sandbox.payments;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Plain HTTP to a running sandbox, as a Kotani client would talk to it. */
final class SandboxClient {

    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    record Answer(int status, JsonNode body, HttpResponse<String> raw) {
        JsonNode data() { return body.get("data"); }
        String message() { return body.path("message").asText(); }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String key;

    SandboxClient(int port, String key) {
        this.base = "http://localhost:" + port;
        this.key = key;
    }

    SandboxClient withKey(String otherKey) {
        return new SandboxClient(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)), otherKey);
    }

    Answer get(String path) throws IOException, InterruptedException {
        return send(builder(path).GET());
    }

    Answer post(String path, Object body) throws IOException, InterruptedException {
        return postRaw(path, body instanceof String s ? s : JSON.writeValueAsString(body));
    }

    Answer postRaw(String path, String body) throws IOException, InterruptedException {
        return send(builder(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Answer patch(String path, Object body) throws IOException, InterruptedException {
        return send(builder(path).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    private HttpRequest.Builder builder(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (key != null) {
            builder.header("Authorization", "Bearer " + key);
        }
        return builder;
    }

    private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        return new Answer(response.statusCode(), body, response);
    }

    static ObjectNode obj(Object... pairs) {
        ObjectNode node = JSON.createObjectNode();
        for (int i = 0; i < pairs.length; i += 2) {
            node.set((String) pairs[i], JSON.valueToTree(pairs[i + 1]));
        }
        return node;
    }
}
