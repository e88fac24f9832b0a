package io.kotanihub.sandbox.webhooks;

import java.net.URI;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.kotanihub.sandbox.SandboxProperties;
import io.kotanihub.sandbox.web.Envelope;
import io.kotanihub.sandbox.web.Validation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sandbox integrator (REFERENCE §5.2–5.3). The profile fields are fixed sandbox values; the webhook settings are
 * the run-time ones of {@link IntegratorSettings}. The secret is never returned.
 */
@RestController
public class IntegratorController {

    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final SandboxProperties properties;
    private final IntegratorSettings settings;

    public IntegratorController(SandboxProperties properties, IntegratorSettings settings) {
        this.properties = properties;
        this.settings = settings;
    }

    @GetMapping("/api/v3/integrator")
    Map<String, Object> get() {
        return Envelope.ok("The record has been successfully retrieved.", view(settings.current()));
    }

    /**
     * Absent or null fields stay as they are; {@code webhook_url: ""} removes the URL, {@code webhook_secret: ""}
     * removes the secret (direct callbacks from then on), {@code webhook_events: []} subscribes to every event.
     */
    @PatchMapping("/api/v3/integrator/webhook")
    Map<String, Object> updateWebhook(@RequestBody JsonNode body) {
        Validation validation = Validation.of(body);
        JsonNode url = body.get("webhook_url");
        JsonNode secret = body.get("webhook_secret");
        JsonNode events = body.get("webhook_events");
        boolean hasUrl = url != null && !url.isNull();
        boolean hasSecret = secret != null && !secret.isNull();
        boolean hasEvents = events != null && !events.isNull();
        validation.check(!hasUrl || url.isTextual() && (url.asText().isEmpty() || isHttpUrl(url.asText())),
                "webhook_url must be a URL address");
        validation.check(!hasSecret || secret.isTextual(), "webhook_secret must be a string");
        List<String> eventList = new ArrayList<>();
        if (hasEvents) {
            boolean valid = events.isArray();
            if (valid) {
                for (JsonNode event : events) {
                    valid &= event.isTextual() && IntegratorSettings.SUBSCRIBABLE_EVENTS.contains(event.asText());
                    eventList.add(event.asText());
                }
            }
            validation.check(valid, "each value in webhook_events must be one of the following values: "
                    + String.join(", ", IntegratorSettings.SUBSCRIBABLE_EVENTS));
        }
        validation.validate();
        IntegratorSettings.Snapshot updated = settings.update(
                hasUrl ? url.asText() : null,
                hasSecret ? secret.asText() : null,
                hasEvents ? eventList : null);
        return Envelope.ok("Integrator webhook settings updated successfully.", view(updated));
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = URI.create(value);
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private Map<String, Object> view(IntegratorSettings.Snapshot snapshot) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", properties.getIntegratorId());
        data.put("organization", "Kotani Sandbox Integrator");
        data.put("first_name", "Sandbox");
        data.put("last_name", "Integrator");
        data.put("email", "integrator@sandbox.kotanipay.local");
        data.put("phone", "+254700000001");
        data.put("webhook_url", snapshot.webhookUrl());
        data.put("webhook_events", snapshot.events());
        data.put("status", "active");
        data.put("created_at", ISO_MILLIS.format(snapshot.createdAt()));
        data.put("updated_at", ISO_MILLIS.format(snapshot.updatedAt()));
        return data;
    }
}
