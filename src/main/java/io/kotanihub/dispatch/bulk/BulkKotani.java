package io.kotanihub.dispatch.bulk;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.node.MissingNode;
import io.kotanihub.kotani.KotaniEndpoint;
import io.kotanihub.kotani.KotaniResponse;
import io.kotanihub.kotani.KotaniThrottle;
import io.kotanihub.model.PaymentMethod;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * The bulk look-ups (REFERENCE §15.4) as the reconciliation and tracking steps make them: within the per-key read
 * budget ({@link KotaniThrottle}; no budget answers RATE_LIMITED with the wait, nothing is called), through the
 * route of each Kotani operation ({@code routes/kotani-bulk.camel.yaml}); a 429 pauses the endpoint.
 */
@Component
public class BulkKotani {

    public static final int PAGE_SIZE = 100;

    private final ProducerTemplate producer;
    private final KotaniThrottle throttle;

    public BulkKotani(ProducerTemplate producer, KotaniThrottle throttle) {
        this.producer = producer;
        this.throttle = throttle;
    }

    /** A page of the bulk batches of a currency, newest first ({@code direct:kotani-bulk-batches}). */
    public KotaniResponse batches(String currency, int page) {
        return call(KotaniEndpoint.BULK_BATCHES, "direct:kotani-bulk-batches", Map.of("currency", currency, "page", page));
    }

    /** A page of the bulk parent transactions of a currency ({@code direct:kotani-bulk-transactions}). */
    public KotaniResponse transactions(String currency, int page) {
        return call(KotaniEndpoint.BULK_TRANSACTIONS, "direct:kotani-bulk-transactions",
                Map.of("currency", currency, "page", page));
    }

    /** One batch ({@code direct:kotani-bulk-batch}). */
    public KotaniResponse batch(String batchId) {
        return call(KotaniEndpoint.BULK_BATCH, "direct:kotani-bulk-batch", Map.of("batchId", batchId));
    }

    /** A page of a batch's payments ({@code direct:kotani-bulk-batch-payments}). */
    public KotaniResponse batchPayments(String batchId, int page) {
        return call(KotaniEndpoint.BULK_BATCH_PAYMENTS, "direct:kotani-bulk-batch-payments",
                Map.of("batchId", batchId, "page", page));
    }

    /** A row's withdrawal status by its reference (§10.5, {@code direct:kotani-bulk-withdrawal-status}). */
    public KotaniResponse withdrawalStatus(String reference) {
        return call(KotaniEndpoint.WITHDRAW_STATUS, "direct:kotani-bulk-withdrawal-status",
                Map.of("reference", reference, "method", PaymentMethod.MOBILE_MONEY));
    }

    private KotaniResponse call(KotaniEndpoint endpoint, String route, Map<String, Object> headers) {
        KotaniThrottle.Permit permit = throttle.acquire(endpoint);
        if (!permit.granted()) {
            return new KotaniResponse(KotaniResponse.Outcome.RATE_LIMITED, 0, "waiting for Kotani's rate budget",
                    MissingNode.getInstance(), Duration.between(Instant.now(), permit.retryAt()).isNegative()
                    ? Duration.ZERO : Duration.between(Instant.now(), permit.retryAt()));
        }
        Map<String, Object> all = new HashMap<>(headers);
        all.put("limit", PAGE_SIZE);
        KotaniResponse response = producer.requestBodyAndHeaders(route, null, all, KotaniResponse.class);
        if (response.outcome() == KotaniResponse.Outcome.RATE_LIMITED && response.httpStatus() == 429) {
            throttle.pause(endpoint, Instant.now().plus(response.retryAfter()));
        }
        return response;
    }
}
