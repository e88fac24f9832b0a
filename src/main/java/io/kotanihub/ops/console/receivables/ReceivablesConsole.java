package io.kotanihub.ops.console.receivables;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The console's receivables page ({@code /console/receivables}: every invoice with its link or checkout, status,
 * amount due, paid and outstanding, and its payments, each opening the payment timeline) and its data call
 * ({@code /console/api/receivables?status=}). Its own page and script ({@code classpath:console/receivables.*});
 * behind the console's sign-in like every {@code /console} path.
 */
@Controller
public class ReceivablesConsole {

    private final ReceivablesQueries queries;
    private final String page = read("console/receivables.html");

    public ReceivablesConsole(ReceivablesQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/console/receivables")
    public ResponseEntity<String> page() {
        return ResponseEntity.ok().contentType(MediaType.valueOf("text/html;charset=UTF-8"))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; form-action 'self'")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .body(page);
    }

    @GetMapping("/console/receivables/receivables.js")
    public ResponseEntity<String> script() {
        return ResponseEntity.ok().contentType(MediaType.valueOf("text/javascript;charset=UTF-8"))
                .header(HttpHeaders.CACHE_CONTROL, "no-cache").body(read("console/receivables.js"));
    }

    @GetMapping(path = "/console/api/receivables", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    public ResponseEntity<Map<String, Object>> list(@RequestParam(name = "status", required = false) String status) {
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").body(queries.list(status));
    }

    private static String read(String path) {
        try (InputStream in = new ClassPathResource(path).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("console asset " + path + " is missing from the jar", e);
        }
    }
}
