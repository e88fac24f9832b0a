package io.kotanihub.sandbox.control;

import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /health}: unauthenticated, NestJS-terminus style (§6.1). */
@RestController
public class HealthController {

    @GetMapping("/health")
    Map<String, Object> health() {
        Map<String, Object> up = Map.of("database", Map.of("status", "up"), "redis", Map.of("status", "up"));
        return Map.of("status", "ok", "info", up, "error", Map.of(), "details", up);
    }
}
