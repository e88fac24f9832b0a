package io.kotanihub.sandbox.ramps;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.kotanihub.sandbox.web.Envelope;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Onramp endpoints (REFERENCE §12): fiat-funded onramps and crypto onramps from the integrator's wallet. */
@RestController
public class OnrampController {

    private final OnrampService onramps;
    private final OnrampCryptoService cryptoOnramps;

    public OnrampController(OnrampService onramps, OnrampCryptoService cryptoOnramps) {
        this.onramps = onramps;
        this.cryptoOnramps = cryptoOnramps;
    }

    @PostMapping("/api/v3/onramp")
    Map<String, Object> create(@RequestBody(required = false) JsonNode body) {
        return Envelope.ok("Request has been successfully created", onramps.create(body));
    }

    @GetMapping("/api/v3/onramp/{referenceId}")
    Map<String, Object> status(@PathVariable String referenceId) {
        return Envelope.ok("Onramp status successfully retrieved.", onramps.status(referenceId));
    }

    @PostMapping("/api/v3/onramp/crypto")
    Map<String, Object> createCrypto(@RequestBody(required = false) JsonNode body) {
        return Envelope.ok("Request has been successfully created", cryptoOnramps.create(body));
    }

    @GetMapping("/api/v3/onramp/crypto/{referenceId}")
    Map<String, Object> cryptoStatus(@PathVariable String referenceId) {
        return Envelope.ok("Onramp crypto status successfully retrieved.", cryptoOnramps.status(referenceId));
    }
}
