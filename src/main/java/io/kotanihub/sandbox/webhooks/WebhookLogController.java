package io.kotanihub.sandbox.webhooks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /sandbox/webhooks[?reference=…]}: every webhook the sandbox produced since the last reset, oldest first,
 * with its target, attempts, last HTTP status and whether it was delivered (test control, no authentication).
 */
@RestController
public class WebhookLogController {

    private final WebhookDispatcher dispatcher;
    private final IntegratorSettings settings;

    public WebhookLogController(WebhookDispatcher dispatcher, IntegratorSettings settings) {
        this.dispatcher = dispatcher;
        this.settings = settings;
    }

    @GetMapping("/sandbox/webhooks")
    Map<String, Object> deliveries(@RequestParam(required = false) String reference) {
        List<Map<String, Object>> rows = dispatcher.deliveries(reference);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("mode", settings.current().signed() ? "SIGNED" : "DIRECT");
        body.put("count", rows.size());
        body.put("deliveries", rows);
        return body;
    }
}
