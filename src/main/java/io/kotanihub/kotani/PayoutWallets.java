package io.kotanihub.kotani;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The payout wallet for a currency: configured ({@code hub.kotani.payout-wallets.<CURRENCY>}), else discovered from
 * Kotani's wallet list ({@code GET /api/v3/wallet/fiat}, §8.1: the first active fiat wallet of that currency) and
 * remembered for the life of the process.
 */
@Component
public class PayoutWallets {

    private static final Logger LOG = LoggerFactory.getLogger(PayoutWallets.class);

    /**
     * A wallet id; or {@code retryAt}, when the look-up could not be made now (throttle, 429, Kotani unreachable);
     * or {@code failure}, when Kotani has no usable wallet for the currency or refused the look-up.
     */
    public record Lookup(String walletId, Instant retryAt, String failure) {
        static Lookup found(String id) { return new Lookup(id, null, null); }
        static Lookup later(Instant at) { return new Lookup(null, at, null); }
        static Lookup failed(String why) { return new Lookup(null, null, why); }
    }

    private final KotaniProperties properties;
    private final KotaniClient client;
    private final KotaniThrottle throttle;
    private final Map<String, String> discovered = new ConcurrentHashMap<>();

    public PayoutWallets(KotaniProperties properties, KotaniClient client, KotaniThrottle throttle) {
        this.properties = properties;
        this.client = client;
        this.throttle = throttle;
    }

    public Lookup forCurrency(String currency, Duration retryDelay) {
        String code = currency.toUpperCase(Locale.ROOT);
        String configured = properties.getPayoutWallets().get(code);
        if (configured != null && !configured.isBlank()) {
            return Lookup.found(configured);
        }
        String known = discovered.get(code);
        if (known != null) {
            return Lookup.found(known);
        }
        KotaniThrottle.Permit permit = throttle.acquire(KotaniEndpoint.FIAT_WALLETS);
        if (!permit.granted()) {
            return Lookup.later(permit.retryAt());
        }
        KotaniResponse response = client.fiatWallets();
        switch (response.outcome()) {
            case RATE_LIMITED -> {
                Instant until = Instant.now().plus(response.retryAfter());
                throttle.pause(KotaniEndpoint.FIAT_WALLETS, until);
                return Lookup.later(until);
            }
            case UNKNOWN, NOT_SENT -> {
                return Lookup.later(Instant.now().plus(retryDelay));
            }
            case REJECTED -> {
                return Lookup.failed("wallet list refused: " + response.message());
            }
            default -> { }
        }
        JsonNode wallets = response.data().isArray() ? response.data() : response.data().path("data");
        for (JsonNode wallet : wallets) {
            String status = wallet.path("status").asText("active");
            if (code.equalsIgnoreCase(wallet.path("currency").asText()) && "active".equalsIgnoreCase(status)
                    && !wallet.path("locked").asBoolean(false)) {
                String id = wallet.path("id").asText();
                discovered.put(code, id);
                LOG.info("payout wallet for {} discovered: {}", code, id);
                return Lookup.found(id);
            }
        }
        return Lookup.failed("no active " + code + " payout wallet at Kotani (configure hub.kotani.payout-wallets."
                + code + ")");
    }
}
