package io.kotanihub.sandbox.control;

import java.util.List;
import java.util.Map;

import io.kotanihub.sandbox.web.RateLimits;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /sandbox/rate-limits} (test control, no authentication): what the §2.3 limits did per key and
 * endpoint since the start or the last reset: calls allowed, 429s, and the fullest each sliding window ever was.
 * Injected 429 storms ({@code /sandbox/faults}) are not counted here.
 */
@RestController
public class RateLimitController {

    private final RateLimits rateLimits;

    public RateLimitController(RateLimits rateLimits) {
        this.rateLimits = rateLimits;
    }

    @GetMapping("/sandbox/rate-limits")
    Map<String, Object> rateLimits() {
        List<Map<String, Object>> endpoints = rateLimits.describe();
        long refused = endpoints.stream().mapToLong(e -> (Long) e.get("refused")).sum();
        long allowed = endpoints.stream().mapToLong(e -> (Long) e.get("allowed")).sum();
        return Map.of("allowed", allowed, "refused", refused, "endpoints", endpoints);
    }
}
