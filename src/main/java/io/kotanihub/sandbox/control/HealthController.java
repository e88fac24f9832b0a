package io.kotanihub.sandbox.control;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /health}: unauthenticated, NestJS-terminus style (§6.1). */
@RestController
public class HealthController {

    @GetMapping("/health")
    Map<String, Object> health() {
        Map<String, Object> up = new LinkedHashMap<>();
        up.put("database", Map.of("status", "up"));
        up.put("redis", Map.of("status", "up"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "ok");
        body.put("info", up);
        body.put("error", Map.of());
        body.put("details", up);
        return body;
    }
}
