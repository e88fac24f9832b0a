package io.kotanihub.sandbox.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP receiver on a free loopback port that records every request it gets (path, headers, exact body bytes)
 * and answers each path with scripted status codes (200 once the script is used up).
 */
public final class CapturingReceiver implements AutoCloseable {

    /** One request as received. */
    public record Received(String method, String path, Headers headers, byte[] body) {
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.getFirst(name);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new ArrayList<>();
    private final Map<String, Deque<Integer>> scripts = new ConcurrentHashMap<>();

    public CapturingReceiver() throws IOException {
        this(0);
    }

    /** A receiver on this loopback port (0: a free one). */
    public CapturingReceiver(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String path = exchange.getRequestURI().getPath();
            synchronized (received) {
                received.add(new Received(exchange.getRequestMethod(), path, exchange.getRequestHeaders(), body));
            }
            Deque<Integer> script = scripts.get(path);
            Integer status = script == null ? null : script.pollFirst();
            exchange.sendResponseHeaders(status == null ? 200 : status, -1);
            exchange.close();
        });
        server.start();
    }

    /** The URL of {@code path} on this receiver. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next requests to {@code path} are answered with these statuses, in order. */
    public void respond(String path, Integer... statuses) {
        scripts.put(path, new ArrayDeque<>(List.of(statuses)));
    }

    public List<Received> received(String path) {
        synchronized (received) {
            return received.stream().filter(r -> r.path().equals(path)).toList();
        }
    }

    public void clear() {
        synchronized (received) {
            received.clear();
        }
        scripts.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
