package io.kotanihub.sandbox.ramps;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.kotanihub.sandbox.web.Envelope;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Onramp endpoints (REFERENCE §12). */
@RestController
public class OnrampController {

    private final OnrampService onramps;

    public OnrampController(OnrampService onramps) {
        this.onramps = onramps;
    }

    @PostMapping("/api/v3/onramp")
    Map<String, Object> create(@RequestBody(required = false) JsonNode body) {
        return Envelope.ok("Request has been successfully created", onramps.create(body));
    }

    @GetMapping("/api/v3/onramp/{referenceId}")
    Map<String, Object> status(@PathVariable String referenceId) {
        return Envelope.ok("Onramp status successfully retrieved.", onramps.status(referenceId));
    }
}
