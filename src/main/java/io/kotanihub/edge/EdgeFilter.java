package io.kotanihub.edge;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;

import io.kotanihub.rest.ApiKeyAuthenticator;
import io.kotanihub.rest.ApiProperties;
import io.kotanihub.webhook.KotaniWebhookProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The hub's edge, in front of everything that reads a request body (Camel's platform-http reads it whole before the
 * first step of a route, Spring MVC before a controller):
 * <ul>
 *   <li>{@code /api/**}: the {@code Authorization: Bearer} key is checked before the body is touched (401, and
 *   429 once an address has failed too often, see {@link AuthThrottle});</li>
 *   <li>every body has a limit enforced while it streams: a declared {@code Content-Length} over it is 413 at once,
 *   a chunked body is cut at the limit ({@code hub.api.max-csv-body} for {@code POST /api/v1/batches}, which is
 *   streamed to the hub's code; {@code hub.api.max-json-body} for the rest of the API and the console;
 *   {@code hub.kotani.max-webhook-body} for {@code /webhooks/**}); small bodies (JSON, webhooks) are read here, at
 *   most their limit, and must be UTF-8 (400 otherwise), the batch's reader decodes strictly as UTF-8; a console
 *   call's body is left to the controller, which runs only once the session is checked;</li>
 *   <li>a state-changing console call must come from the console's own origin ({@code Sec-Fetch-Site},
 *   {@code Origin}; 403 otherwise), on top of the SameSite=Strict session cookie;</li>
 *   <li>every error under {@code /api}, {@code /webhooks} and {@code /console/api}, including those raised before
 *   the hub's code (404, 405, 415), is an RFC 9457 problem.</li>
 * </ul>
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class EdgeFilter extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(EdgeFilter.class);
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    static final String BATCHES = "/api/v1/batches";
    /**
     * The request attribute that carries the body of {@code POST /api/v1/batches} (a {@link java.io.Reader}, strict
     * UTF-8, cut at {@code hub.api.max-csv-body}); the servlet API's body of that request is empty, so that Camel
     * does not read it into memory.
     */
    public static final String BODY = "io.kotanihub.edge.body";

    private final ApiKeyAuthenticator keys;
    private final AuthThrottle throttle;
    private final ApiProperties api;
    private final KotaniWebhookProperties webhooks;

    public EdgeFilter(ApiKeyAuthenticator keys, AuthThrottle throttle, ApiProperties api,
                      KotaniWebhookProperties webhooks) {
        this.keys = keys;
        this.throttle = throttle;
        this.api = api;
        this.webhooks = webhooks;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            guard(request, response, chain);
        } catch (IOException | ServletException | RuntimeException e) {
            if (!overloaded(e) || response.isCommitted()) {
                throw e;
            }
            // Camel's platform-http hands each request to a bounded pool (spring.task.execution.pool): when every
            // worker is busy and its queue is full, answer at once instead of holding the connection and its
            // buffers (a webhook flood once filled the heap that way); Kotani delivers a webhook again later
            // (§19.5), an API client retries after Retry-After
            LOG.warn("{} {} refused: every request worker is busy and the queue is full", request.getMethod(),
                    path(request));
            response.reset();
            response.setHeader("Retry-After", "5");
            response.setHeader("Connection", "close");
            Problems.write(response, 503, "the hub is at capacity; retry later", request.getRequestURI());
        }
    }

    /** True when a request was refused by a full worker pool (Spring wraps it in a ServletException). */
    static boolean overloaded(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RejectedExecutionException) {
                return true;
            }
        }
        return false;
    }

    private void guard(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = path(request);
        boolean restApi = under(path, "/api");
        boolean webhook = under(path, "/webhooks");
        boolean console = under(path, "/console");
        if (!restApi && !webhook && !console) {
            chain.doFilter(request, response);
            return;
        }
        boolean problems = restApi || webhook || under(path, "/console/api");
        HttpServletResponse answer = problems ? new ProblemResponse(response, request.getRequestURI()) : response;
        if (restApi && !authenticated(request, response, path)) {
            return;
        }
        boolean hasBody = !SAFE_METHODS.contains(request.getMethod());
        if (console && hasBody && !sameOrigin(request)) {
            LOG.warn("console {} {} refused: not from the console's own origin (Origin {}, Sec-Fetch-Site {})",
                    request.getMethod(), path, clip(request.getHeader("Origin")), clip(request.getHeader("Sec-Fetch-Site")));
            refuse(response, 403, "a console change must come from the console's own page", request);
            return;
        }
        long limit = webhook ? webhooks.getMaxWebhookBody().toBytes()
                : restApi && BATCHES.equals(path) ? api.getMaxCsvBody().toBytes()
                : api.getMaxJsonBody().toBytes();
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            LOG.warn("{} {} refused: declared body of {} bytes exceeds the limit of {}", request.getMethod(), path,
                    declared, limit);
            refuse(response, 413, tooLarge(limit), request);
            return;
        }
        if (!hasBody || (console && !problems)) {
            chain.doFilter(request, answer);
            return;
        }
        LimitedBodyRequest limited;
        if (restApi && BATCHES.equals(path)) {
            limited = new LimitedBodyRequest(request, request.getInputStream(), limit).deferTo(BODY);
        } else if (console) {
            // read only by a controller, after ConsoleAuth checked the session
            limited = new LimitedBodyRequest(request, request.getInputStream(), limit);
        } else {
            byte[] body;
            try {
                body = readAtMost(request.getInputStream(), limit);
            } catch (BodyTooLargeException e) {
                LOG.warn("{} {} refused: body exceeds the limit of {} bytes", request.getMethod(), path, limit);
                refuse(response, 413, tooLarge(limit), request);
                return;
            }
            if (!utf8(body)) {
                LOG.warn("{} {} refused: the body is not valid UTF-8", request.getMethod(), path);
                refuse(response, 400, "the body " + NotUtf8Exception.DETAIL, request);
                return;
            }
            limited = new LimitedBodyRequest(request, new ByteArrayInputStream(body), limit);
        }
        try {
            chain.doFilter(limited, answer);
        } catch (IOException | ServletException | RuntimeException e) {
            if (!answerFor(limited, response, request)) {
                throw e;
            }
            return;
        }
        answerFor(limited, response, request);
    }

    /**
     * After the hub's code: a body that turned out too large or not UTF-8 is answered so, if nothing left yet (and the
     * hub's code is not still at work on another thread, as Camel's platform-http is: it answers those itself).
     */
    private boolean answerFor(LimitedBodyRequest limited, HttpServletResponse response, HttpServletRequest request)
            throws IOException {
        if (request.isAsyncStarted() || response.isCommitted() || !(limited.tooLarge() || limited.notUtf8())) {
            return false;
        }
        response.reset();
        if (limited.tooLarge()) {
            refuse(response, 413, tooLarge(limitOf(request)), request);
        } else {
            refuse(response, 400, "the body " + NotUtf8Exception.DETAIL, request);
        }
        return true;
    }

    private long limitOf(HttpServletRequest request) {
        String path = path(request);
        return under(path, "/webhooks") ? webhooks.getMaxWebhookBody().toBytes()
                : BATCHES.equals(path) ? api.getMaxCsvBody().toBytes() : api.getMaxJsonBody().toBytes();
    }

    /** True when the key is accepted; otherwise the 401 or 429 is written. */
    private boolean authenticated(HttpServletRequest request, HttpServletResponse response, String path)
            throws IOException {
        String authorization = request.getHeader("Authorization");
        String address = request.getRemoteAddr();
        if (authorization != null) {
            Optional<Duration> wait = throttle.refusal(address);
            if (wait.isPresent()) {
                throttle.refused(address, path, wait.get());
                response.setHeader("Retry-After", Long.toString(AuthThrottle.seconds(wait.get())));
                refuse(response, 429, "too many failed authentication attempts from this address; retry after "
                        + AuthThrottle.seconds(wait.get()) + " s", request);
                return false;
            }
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            if (authorization != null) {
                throttle.failed(address, path);
            }
            response.setHeader("WWW-Authenticate", "Bearer");
            refuse(response, 401, "Authorization: Bearer <hub API key> is required", request);
            return false;
        }
        if (!keys.accepts(authorization.substring(7).trim())) {
            throttle.failed(address, path);
            response.setHeader("WWW-Authenticate", "Bearer");
            refuse(response, 401, "the API key is not accepted", request);
            return false;
        }
        return true;
    }

    /**
     * A browser tells where a request comes from: {@code Sec-Fetch-Site} must be {@code same-origin}, and an
     * {@code Origin} must be this server's. A client that sends neither (not a browser) is not a cross-site forgery.
     */
    static boolean sameOrigin(HttpServletRequest request) {
        // A browser's fetch metadata is decisive (a page cannot set it); its Origin may be the opaque "null", as
        // it is for the console's own forms under Referrer-Policy: no-referrer. Origin decides for older browsers.
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null) {
            return "same-origin".equalsIgnoreCase(site.trim());
        }
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return true;
        }
        String host = request.getHeader("Host");
        try {
            URI uri = URI.create(origin.trim());
            if (uri.getHost() == null || host == null) {
                return false;
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
            String authority = uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
            String own = host.trim().toLowerCase(Locale.ROOT);
            if (!own.contains(":") || own.endsWith("]")) {
                own = own + ":" + port;
            }
            return authority.equals(own);
        } catch (IllegalArgumentException notAUri) {
            return false;
        }
    }

    private static void refuse(HttpServletResponse response, int status, String detail, HttpServletRequest request)
            throws IOException {
        if (status == 413 || status == 400) {
            response.setHeader("Connection", "close");
        }
        Problems.write(response, status, detail, request.getRequestURI());
    }

    private static String tooLarge(long limit) {
        return "the request body may not exceed " + limit + " bytes";
    }

    private static byte[] readAtMost(InputStream in, long limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - total + 1))) > 0) {
            total += n;
            if (total > limit) {
                throw new BodyTooLargeException(limit);
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    static boolean utf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static String path(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String info = request.getPathInfo();
        return (servletPath == null ? "" : servletPath) + (info == null ? "" : info);
    }

    private static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    private static String clip(String value) {
        return value == null ? null : value.length() > 100 ? value.substring(0, 100) + "…" : value;
    }

    /** Turns {@code sendError} (Spring MVC's 404, 405, 415 ...) into a problem instead of an error page. */
    private static final class ProblemResponse extends HttpServletResponseWrapper {
        private final String instance;

        ProblemResponse(HttpServletResponse response, String instance) {
            super(response);
            this.instance = instance;
        }

        @Override
        public void sendError(int status) throws IOException {
            sendError(status, null);
        }

        @Override
        public void sendError(int status, String message) throws IOException {
            if (isCommitted()) {
                super.sendError(status, message);
                return;
            }
            resetBuffer();
            Problems.write((HttpServletResponse) getResponse(), status, Problems.detail(status), instance);
        }
    }
}
