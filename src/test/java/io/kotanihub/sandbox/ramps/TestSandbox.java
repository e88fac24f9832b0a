package io.kotanihub.sandbox.ramps;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kotanihub.sandbox.SandboxProperties;
import io.kotanihub.sandbox.SandboxServer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A sandbox started alone on a free port with millisecond delays, and a small HTTP client for it (real HTTP,
 * bodies parsed with exact decimals).
 */
public final class TestSandbox implements AutoCloseable {

    public static final String KEY = "sk_sandbox_local";

    /** A JSON answer: the status code, the raw text and the parsed body. */
    public record Answer(int status, String text, JsonNode body) {
        public JsonNode data() {
            return body.path("data");
        }
    }

    public static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final ConfigurableApplicationContext context;
    private final SandboxProperties properties;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    private TestSandbox(SandboxProperties properties) {
        this.properties = properties;
        this.context = SandboxServer.start(properties);
        this.base = "http://localhost:" + SandboxServer.port(context);
    }

    /** Settle delay 100 ms (the slow phone 1.2 s), step delay 20 ms, no rate limits; {@code tweak} adjusts more. */
    public static TestSandbox start(Consumer<SandboxProperties> tweak) {
        SandboxProperties props = new SandboxProperties();
        props.setPort(0);
        props.setSettleDelay(Duration.ofMillis(100));
        props.setStepDelay(Duration.ofMillis(20));
        props.getRateLimits().setEnabled(false);
        tweak.accept(props);
        return new TestSandbox(props);
    }

    public SandboxProperties properties() {
        return properties;
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    public String base() {
        return base;
    }

    public Answer get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET().header("Authorization", "Bearer " + KEY));
    }

    public Answer getWithoutKey(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public Answer post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + KEY));
    }

    public Answer postWithoutKey(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .header("Content-Type", "application/json"));
    }

    /** A multipart/form-data upload of one file under the form field {@code field}. */
    public Answer upload(String path, String field, String fileName, byte[] content) {
        String boundary = "----sandbox-test-" + System.nanoTime();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\""
                + fileName + "\"\r\nContent-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + content.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(content, 0, body, head.length, content.length);
        System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Authorization", "Bearer " + KEY));
    }

    public void reset() {
        Answer answer = send(HttpRequest.newBuilder(URI.create(base + "/sandbox/reset"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        if (answer.status() != 200) {
            throw new IllegalStateException("reset failed: " + answer.text());
        }
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            String text = response.body();
            JsonNode body = text == null || text.isBlank() ? JSON.nullNode() : JSON.readTree(text);
            return new Answer(response.statusCode(), text, body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Builds a JSON text from single quotes, for readable bodies in tests. */
    public static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    @Override
    public void close() {
        context.close();
    }
}
