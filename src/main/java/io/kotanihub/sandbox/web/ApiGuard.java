package io.kotanihub.sandbox.web;

import java.util.List;
import java.util.Map;

import io.kotanihub.sandbox.SandboxProperties;
import io.kotanihub.sandbox.core.SandboxFaults;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * In front of every {@code /api/v3} call, in this order: authentication (401), the permissions of a user-bound
 * key (403), injected 429 storms, the per-key per-endpoint rate limits (429), injected latency and injected errors.
 * The provider settlement webhook of the crypto bridge carries no bearer key (§16.8) and is let through, as are
 * the public rate endpoints under {@code /api/v3/public/} (§11) and the hosted payment-link page's calls under
 * {@code /payment-links/} (§14; counted per caller address like the public rates).
 */
@Component
public class ApiGuard implements HandlerInterceptor {

    /** Request attribute holding the caller's API key. */
    public static final String API_KEY = "kotani.sandbox.apiKey";

    private static final List<String> UNAUTHENTICATED = List.of(
            "/api/v3/deposit/crypto-bridge/webhook/provider/settlement",
            "/api/v3/auth/login", "/api/v3/auth/human-verify");
    private static final List<String> PUBLIC_PREFIXES = List.of("/api/v3/public/", "/payment-links/");

    private final SandboxProperties properties;
    private final RateLimits rateLimits;
    private final SandboxFaults faults;

    public ApiGuard(SandboxProperties properties, RateLimits rateLimits, SandboxFaults faults) {
        this.properties = properties;
        this.rateLimits = rateLimits;
        this.faults = faults;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
        String path = request.getRequestURI();
        String method = request.getMethod();
        String key = "anonymous:" + request.getRemoteAddr();
        if (!UNAUTHENTICATED.contains(path) && PUBLIC_PREFIXES.stream().noneMatch(path::startsWith)) {
            key = authenticate(request.getHeader(HttpHeaders.AUTHORIZATION));
            authorize(key, path);
        }
        request.setAttribute(API_KEY, key);
        boolean faultsApply = faults.applies(method);
        if (faultsApply && faults.inStorm()) {
            throw new RateLimitedException(faults.stormRetryAfter(), 60, 60);
        }
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        String endpoint = method + " " + (pattern != null ? pattern : path);
        rateLimits.acquire(key, endpoint, RateLimits.tierOf(method, path));
        if (faultsApply && faults.latencyMs() > 0) {
            Thread.sleep(faults.latencyMs());
        }
        if (faultsApply && faults.injectError()) {
            int status = faults.errorStatus();
            throw new SandboxApiException(status, status >= 500 ? "Internal server error" : "Injected error");
        }
        return true;
    }

    private String authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new SandboxApiException(401, "Unauthorized", Map.of());
        }
        String key = authorization.substring(7).trim();
        if (!properties.getApiKeys().contains(key) && !properties.getUserBoundKeys().containsKey(key)) {
            throw new SandboxApiException(401, "Invalid API Key", Map.of());
        }
        return key;
    }

    /** A user-bound key may call only the families it was granted: the path segment after /api/v3/. */
    private void authorize(String key, String path) {
        List<String> granted = properties.getUserBoundKeys().get(key);
        if (granted == null || granted.contains("*")) {
            return;
        }
        String[] segments = path.split("/");
        String family = segments.length > 3 ? segments[3] : "";
        if (!granted.contains(family)) {
            throw new SandboxApiException(403, "Forbidden resource: this API key has no permission for " + family,
                    Map.of());
        }
    }
}
