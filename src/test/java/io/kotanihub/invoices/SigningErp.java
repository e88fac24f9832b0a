package io.kotanihub.invoices;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in ERP on a local port: records every delivery and checks its Standard Webhooks signature on its own
 * (HMAC-SHA256 over {@code id.timestamp.body} keyed with the base64 part of the {@code whsec_} secret).
 */
final class SigningErp implements AutoCloseable {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** One delivery: its body, and whether its signature verified. */
    record Delivery(JsonNode body, boolean signed) {
        String type() {
            return body.path("type").asText();
        }

        JsonNode data() {
            return body.path("data");
        }
    }

    private final HttpServer server;
    private final List<Delivery> received = new CopyOnWriteArrayList<>();

    SigningErp() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/erp";
    }

    /** The deliveries about one invoice, in arrival order. */
    List<Delivery> about(String invoiceReference) {
        return received.stream()
                .filter(d -> invoiceReference.equals(d.data().path("invoiceReference").asText(null))).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, String> headers = new ConcurrentHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
        received.add(new Delivery(JSON.readTree(body), signatureValid(headers, body)));
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
    }

    private static boolean signatureValid(Map<String, String> headers, byte[] body) {
        try {
            byte[] key = Base64.getDecoder().decode(SECRET.substring("whsec_".length()));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((headers.get("webhook-id") + "." + headers.get("webhook-timestamp") + ".")
                    .getBytes(StandardCharsets.UTF_8));
            String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
            return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                    headers.getOrDefault("webhook-signature", "").getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
