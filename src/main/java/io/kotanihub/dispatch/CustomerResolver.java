package io.kotanihub.dispatch;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.kotanihub.common.logging.LogMasker;
import io.kotanihub.kotani.KotaniClient;
import io.kotanihub.kotani.KotaniEndpoint;
import io.kotanihub.kotani.KotaniResponse;
import io.kotanihub.kotani.KotaniThrottle;
import io.kotanihub.ledger.CustomerRepository;
import io.kotanihub.ledger.KotaniCustomer;
import io.kotanihub.ledger.LedgerTime;
import io.kotanihub.model.PaymentCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Finds or creates the Kotani mobile-money customer for a payout's phone number (REFERENCE §7): a small in-memory
 * cache ({@code hub.dispatch.customer-cache-size}, least recently used dropped), then the ledger's cache, then
 * {@code GET /customer/mobile-money/phone/{phone}}, and only when Kotani answers 404 {@code POST /customer/mobile-money}.
 * A create whose answer was lost is harmless: the next attempt finds the customer by phone before creating anything.
 * <p>
 * Workers of this instance resolving the same unknown phone at the same time do not both create it: the slow path
 * (ledger, look-up, create) runs under a lock striped by phone number, and whoever comes second finds the customer
 * the first one stored.
 */
@Component
public class CustomerResolver {

    private static final Logger LOG = LoggerFactory.getLogger(CustomerResolver.class);
    private static final int STRIPES = 256;

    private final CustomerRepository customers;
    private final KotaniClient kotani;
    private final KotaniThrottle throttle;
    private final DispatchProperties properties;
    private final Map<String, String> recent;
    private final Object[] stripes = new Object[STRIPES];

    public CustomerResolver(CustomerRepository customers, KotaniClient kotani, KotaniThrottle throttle,
                            DispatchProperties properties) {
        this.customers = customers;
        this.kotani = kotani;
        this.throttle = throttle;
        this.properties = properties;
        int capacity = Math.max(0, properties.getCustomerCacheSize());
        this.recent = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > capacity;
            }
        });
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    Prerequisite customerKey(PaymentCommand cmd) {
        String phone = cmd.recipient().phone();
        String known = recent.get(phone);
        if (known != null) {
            return Prerequisite.ready(known);
        }
        synchronized (stripes[Math.floorMod(phone.hashCode(), STRIPES)]) {
            return resolve(cmd, phone);
        }
    }

    private Prerequisite resolve(PaymentCommand cmd, String phone) {
        var cached = customers.find(phone);
        if (cached.isPresent()) {
            recent.put(phone, cached.get().customerKey());
            return Prerequisite.ready(cached.get().customerKey());
        }
        KotaniThrottle.Permit permit = throttle.acquire(KotaniEndpoint.CUSTOMER_BY_PHONE);
        if (!permit.granted()) {
            return Prerequisite.later(permit.retryAt(), "waiting for the customer look-up budget");
        }
        KotaniResponse found = kotani.findCustomer(phone);
        if (found.accepted()) {
            return remember(cmd, found, "found");
        }
        if (!found.notFound()) {
            return unavailable(KotaniEndpoint.CUSTOMER_BY_PHONE, found, "customer look-up");
        }
        permit = throttle.acquire(KotaniEndpoint.CUSTOMER_CREATE);
        if (!permit.granted()) {
            return Prerequisite.later(permit.retryAt(), "waiting for the customer creation budget");
        }
        KotaniResponse created = kotani.createCustomer(phone, cmd.country(), cmd.recipient().network(),
                cmd.recipient().name());
        if (created.accepted()) {
            return remember(cmd, created, "created");
        }
        return unavailable(KotaniEndpoint.CUSTOMER_CREATE, created, "customer creation");
    }

    private Prerequisite remember(PaymentCommand cmd, KotaniResponse response, String how) {
        String key = response.text("customer_key");
        if (key == null || key.isBlank()) {
            return Prerequisite.later(LedgerTime.now().plus(properties.getRetryDelay()),
                    "Kotani's customer answer has no customer_key");
        }
        String phone = cmd.recipient().phone();
        KotaniCustomer saved = customers.save(new KotaniCustomer(phone, key, cmd.country(), cmd.recipient().network(),
                LedgerTime.now()));
        recent.put(phone, saved.customerKey());
        LOG.info("Kotani customer for {} {}", LogMasker.number(phone), how);
        return Prerequisite.ready(saved.customerKey());
    }

    private Prerequisite unavailable(KotaniEndpoint endpoint, KotaniResponse response, String what) {
        switch (response.outcome()) {
            case RATE_LIMITED -> {
                Instant until = LedgerTime.now().plus(response.retryAfter());
                throttle.pause(endpoint, until);
                return Prerequisite.later(until, what + " rate limited");
            }
            case REJECTED -> {
                return Prerequisite.failed("CUSTOMER_REJECTED", what + " refused by Kotani: " + response.message());
            }
            default -> {
                return Prerequisite.later(LedgerTime.now().plus(properties.getRetryDelay()),
                        what + " failed: " + response.message());
            }
        }
    }
}
