package io.kotanihub.ops.console;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** A stand-in ERP that answers 503 to the webhooks of the references it is told to refuse, and 200 to the rest. */
final class RefusingErp implements AutoCloseable {

    record Received(String reference, String type, int answered) { }

    private final HttpServer server;
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final ObjectMapper json = new ObjectMapper();

    RefusingErp() {
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

    void refuse(String reference) {
        refused.add(reference);
    }

    void accept(String reference) {
        refused.remove(reference);
    }

    /** Accepted deliveries of a reference. */
    List<Received> accepted(String reference) {
        return received.stream().filter(r -> reference.equals(r.reference()) && r.answered() == 200).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        JsonNode body = json.readTree(exchange.getRequestBody().readAllBytes());
        String reference = body.path("data").path("reference").asText();
        int status = refused.contains(reference) ? 503 : 200;
        received.add(new Received(reference, body.path("type").asText(), status));
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
