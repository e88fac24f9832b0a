package io.kotanihub.ops.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.kotanihub.edge.AuthThrottle;
import io.kotanihub.rest.ApiKeyAuthenticator;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.HtmlUtils;

/**
 * The console's pages: plain HTML shipped in the jar ({@code classpath:console/}), one shell for every page whose
 * content {@code console.js} draws from the JSON of {@link ConsoleApi}. Sign-in takes a hub API key (the REST API's
 * keys, checked by {@link ApiKeyAuthenticator}) and opens a session ({@link ConsoleSessions}).
 */
@Controller
public class ConsolePages {

    private static final Map<String, String> TITLES = Map.ofEntries(Map.entry("overview", "Overview"),
            Map.entry("batches", "Batches"), Map.entry("batch", "Batch"), Map.entry("payment", "Payment"),
            Map.entry("payments", "Payments"), Map.entry("failures", "Failures"), Map.entry("trends", "Trends"),
            Map.entry("deliveries", "Dead deliveries"), Map.entry("bridge", "Crypto bridge"));
    private static final Map<String, MediaType> ASSETS = Map.of(
            "console.css", MediaType.valueOf("text/css;charset=UTF-8"),
            "console.js", MediaType.valueOf("text/javascript;charset=UTF-8"));

    private final ApiKeyAuthenticator keys;
    private final ConsoleSessions sessions;
    private final ConsoleAuth auth;
    private final ConsoleProperties properties;
    private final AuthThrottle throttle;
    private final String shell = read("console/shell.html");
    private final String login = read("console/login.html");

    public ConsolePages(ApiKeyAuthenticator keys, ConsoleSessions sessions, ConsoleAuth auth,
                        ConsoleProperties properties, AuthThrottle throttle) {
        this.throttle = throttle;
        this.keys = keys;
        this.sessions = sessions;
        this.auth = auth;
        this.properties = properties;
    }

    @GetMapping("/console/login")
    public ResponseEntity<String> login(@RequestParam(name = "next", required = false) String next) {
        return html(200, loginPage("", next));
    }

    @PostMapping(path = "/console/login", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    public ResponseEntity<String> signIn(@RequestParam(name = "key", required = false) String key,
                                         @RequestParam(name = "next", required = false) String next,
                                         HttpServletRequest request) {
        String address = request.getRemoteAddr();
        Optional<Duration> wait = throttle.refusal(address);
        if (wait.isPresent()) {
            throttle.refused(address, ConsoleAuth.LOGIN, wait.get());
            return tooManyAttempts(AuthThrottle.seconds(wait.get()), next, request);
        }
        if (key == null || key.isBlank() || !keys.accepts(key.trim())) {
            throttle.failed(address, ConsoleAuth.LOGIN);
            return html(401, loginPage("<p class=\"error\" id=\"login-error\">That key is not accepted.</p>", next));
        }
        return ResponseEntity.status(303).header(HttpHeaders.LOCATION, ConsoleAuth.safeNext(next) ? next : "/console")
                .header(HttpHeaders.SET_COOKIE, auth.cookie(request, sessions.open(), properties.getSessionTimeout().toSeconds()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    /** 429 with {@code Retry-After}: a problem, or the sign-in page saying so when a browser asks for HTML. */
    private ResponseEntity<String> tooManyAttempts(long seconds, String next, HttpServletRequest request) {
        String detail = "too many failed sign-ins from this address; retry after " + seconds + " s";
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        if (accept != null && accept.contains("text/html")) {
            return ResponseEntity.status(429).header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                    .headers(html(429, "").getHeaders())
                    .body(loginPage("<p class=\"error\" id=\"login-error\">" + HtmlUtils.htmlEscape(detail) + "</p>",
                            next));
        }
        return ResponseEntity.status(429).header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                .header(HttpHeaders.CACHE_CONTROL, "no-store").contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body("{\"type\":\"about:blank\",\"title\":\"Too Many Requests\",\"status\":429,\"detail\":\""
                        + detail + "\",\"instance\":\"" + ConsoleAuth.LOGIN + "\"}");
    }

    @PostMapping("/console/logout")
    public ResponseEntity<Void> signOut(HttpServletRequest request) {
        sessions.close(ConsoleAuth.token(request));
        return ResponseEntity.status(303).header(HttpHeaders.LOCATION, ConsoleAuth.LOGIN)
                .header(HttpHeaders.SET_COOKIE, auth.cookie(request, "", 0)).build();
    }

    @GetMapping({"/console", "/console/"})
    public ResponseEntity<String> overview() {
        return page("overview", "");
    }

    @GetMapping("/console/batches")
    public ResponseEntity<String> batches() {
        return page("batches", "");
    }

    @GetMapping("/console/batches/{id}")
    public ResponseEntity<String> batch(@PathVariable String id) {
        return page("batch", id);
    }

    /** The payments list (its filter in the URL's query, read by the page), or one payment's timeline. */
    @GetMapping("/console/payments")
    public ResponseEntity<String> payment(@RequestParam(name = "reference", required = false) String reference) {
        return reference == null ? page("payments", "") : page("payment", reference);
    }

    @GetMapping("/console/failures")
    public ResponseEntity<String> failures() {
        return page("failures", "");
    }

    @GetMapping("/console/trends")
    public ResponseEntity<String> trends() {
        return page("trends", "");
    }

    @GetMapping("/console/deliveries")
    public ResponseEntity<String> deliveries() {
        return page("deliveries", "");
    }

    @GetMapping("/console/bridge")
    public ResponseEntity<String> bridge() {
        return page("bridge", "");
    }

    @GetMapping("/console/assets/{name}")
    public ResponseEntity<String> asset(@PathVariable String name) {
        MediaType type = ASSETS.get(name);
        if (type == null) {
            return ResponseEntity.notFound().build();
        }
        return ResponseEntity.ok().contentType(type).header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .body(read("console/" + name));
    }

    private String loginPage(String error, String next) {
        return login.replace("{{next}}", ConsoleAuth.safeNext(next) ? HtmlUtils.htmlEscape(next) : "")
                .replace("{{error}}", error);
    }

    private ResponseEntity<String> page(String page, String id) {
        return html(200, shell.replace("{{title}}", TITLES.get(page))
                .replace("{{page}}", page)
                .replace("{{refreshMs}}", Long.toString(Math.max(200, properties.getRefreshInterval().toMillis())))
                .replace("{{id}}", HtmlUtils.htmlEscape(id)));
    }

    private static ResponseEntity<String> html(int status, String body) {
        return ResponseEntity.status(status).contentType(MediaType.valueOf("text/html;charset=UTF-8"))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; form-action 'self'")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .body(body);
    }

    private static String read(String path) {
        try (InputStream in = new ClassPathResource(path).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("console asset " + path + " is missing from the jar", e);
        }
    }
}
