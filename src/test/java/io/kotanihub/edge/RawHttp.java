package io.kotanihub.edge;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One HTTP/1.1 request over a plain socket, for what {@code java.net.http} cannot do: a body generated on the fly
 * (chunked, or with a declared length it may never complete) written by its own thread while the answer is read,
 * so an early answer (401, 413) is seen and the bytes the server took before it are counted; and a chosen local
 * address (127.0.0.x), so a test can stand for another client.
 */
final class RawHttp {

    /** The answer, and how many body bytes the client managed to write before it came (and the socket closed). */
    record Answer(int status, Map<String, String> headers, String body, long bodyBytesWritten, long millis) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Produces the body: fills {@code buffer} and answers how many bytes it put there. */
    interface Generator {
        int fill(byte[] buffer);
    }

    private RawHttp() { }

    /**
     * @param declaredLength the Content-Length to declare, or -1 for a chunked body
     * @param total how many body bytes to send at most
     */
    static Answer send(String localAddress, int port, String method, String path, Map<String, String> headers,
                       long declaredLength, long total, Generator generator) throws Exception {
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            if (localAddress != null) {
                socket.bind(new InetSocketAddress(localAddress, 0));
            }
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(60_000);
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            head.append(declaredLength >= 0 ? "Content-Length: " + declaredLength + "\r\n" : "Transfer-Encoding: chunked\r\n");
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            AtomicLong written = new AtomicLong();
            Thread writer = new Thread(() -> {
                byte[] buffer = new byte[65536];
                try {
                    while (written.get() < total) {
                        int n = (int) Math.min(generator.fill(buffer), total - written.get());
                        if (declaredLength < 0) {
                            out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                        }
                        out.write(buffer, 0, n);
                        if (declaredLength < 0) {
                            out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                        }
                        written.addAndGet(n);
                    }
                    if (declaredLength < 0) {
                        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    }
                    out.flush();
                } catch (IOException closedByTheServer) {
                    // the server answered and closed: the count tells how far it read
                }
            }, "raw-http-body");
            writer.setDaemon(true);
            writer.start();
            Answer answer = read(socket.getInputStream(), written, start);
            socket.close();
            writer.join(10_000);
            return new Answer(answer.status(), answer.headers(), answer.body(), written.get(), answer.millis());
        }
    }

    private static Answer read(InputStream in, AtomicLong written, long start) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        String line;
        while (!(line = line(in)).isEmpty()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String length = headers.get("content-length");
        if (length != null) {
            body.write(in.readNBytes(Integer.parseInt(length)));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            int size;
            while ((size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) > 0) {
                body.write(in.readNBytes(size));
                line(in);
            }
        }
        return new Answer(status, headers, body.toString(StandardCharsets.UTF_8), written.get(), millis);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        if (b == -1 && line.size() == 0) {
            throw new IOException("the connection closed before an answer");
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
