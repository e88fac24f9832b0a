package io.kotanihub.dispatch.bulk;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.kotanihub.common.logging.PaymentMdc;
import io.kotanihub.kotani.KotaniResponse;
import io.kotanihub.ledger.BulkChunkRepository;
import io.kotanihub.ledger.BulkChunkRepository.Chunk;
import io.kotanihub.ledger.LedgerTime;
import io.kotanihub.ledger.Payment;
import io.kotanihub.ledger.PaymentRepository;
import io.kotanihub.model.PaymentStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Follows a created chunk's Kotani batch (the {@code bulk-chunk-track} route, on the read budget): its status and
 * progress go to the chunk (the console shows them). The rows' own statuses come from the per-payment withdrawal
 * webhooks, as in per-payment mode; once Kotani's batch is final, the gaps are filled: the batch's payment listing
 * is read, a payment Kotani failed without ever creating its withdrawal becomes FAILED with Kotani's message, and
 * every other row not final yet is handed to the status poller at once (Kotani's status endpoint has it now).
 * A listing without an answer changes nothing; it is read again later.
 */
@Component
public class BulkChunkTracker {

    private static final Logger LOG = LoggerFactory.getLogger(BulkChunkTracker.class);
    private static final Set<String> FINAL = Set.of("completed", "completed_with_errors", "failed", "cancelled");

    private final BulkChunkRepository chunks;
    private final PaymentRepository payments;
    private final BulkKotani kotani;
    private final BulkProperties properties;

    public BulkChunkTracker(BulkChunkRepository chunks, PaymentRepository payments, BulkKotani kotani,
                            BulkProperties properties) {
        this.chunks = chunks;
        this.payments = payments;
        this.kotani = kotani;
        this.properties = properties;
    }

    /** CREATED chunks due for a look, each leased. */
    public List<Chunk> due() {
        Instant now = LedgerTime.now();
        return chunks.due(List.of(BulkChunkRepository.CREATED), now, 50).stream()
                .map(c -> chunks.lease(c, now.plus(properties.getAbandonedAfter())))
                .flatMap(Optional::stream)
                .toList();
    }

    public void track(Chunk chunk) {
        try (PaymentMdc ignored = PaymentMdc.batch(chunk.batchId())) {
            trackNow(chunk);
        }
    }

    private void trackNow(Chunk chunk) {
        Instant now = LedgerTime.now();
        KotaniResponse answer = kotani.batch(chunk.kotaniBatchId());
        if (!answer.accepted()) {
            chunks.tracked(chunk, null, null, null, null, false, retryAt(answer, now), "batch look-up: "
                    + answer.message());
            return;
        }
        JsonNode batch = answer.data();
        String status = batch.path("status").asText(null);
        Integer successful = integer(batch, "successfulPayments");
        Integer failed = integer(batch, "failedPayments");
        Integer pending = integer(batch, "pendingPayments");
        if (status == null || !FINAL.contains(status)) {
            chunks.tracked(chunk, status, successful, failed, pending, false, now.plus(properties.getTrackInterval()),
                    null);
            return;
        }
        List<Payment> open = chunks.openRows(chunk.id());
        if (!open.isEmpty()) {
            Map<String, JsonNode> listed = new HashMap<>();
            for (int page = 1; ; page++) {
                KotaniResponse list = kotani.batchPayments(chunk.kotaniBatchId(), page);
                JsonNode items = BulkChunkReconciler.items(list);
                if (!list.accepted() || items == null) {
                    chunks.tracked(chunk, status, successful, failed, pending, false, retryAt(list, now),
                            "batch payment listing: " + list.message());
                    return;
                }
                items.forEach(p -> listed.put(p.path("reference").asText(), p));
                if (items.size() < BulkKotani.PAGE_SIZE) {
                    break;
                }
            }
            List<Long> check = new ArrayList<>();
            int failedWithoutWithdrawal = 0;
            for (Payment row : open) {
                JsonNode item = listed.get(row.reference());
                if (item == null) {
                    LOG.warn("bulk chunk '{}': {} is not in Kotani batch {}'s payments; left to its status checks",
                            chunk.name(), row.reference(), chunk.kotaniBatchId());
                    check.add(row.id());
                } else if ("FAILED".equalsIgnoreCase(item.path("status").asText()) && !item.hasNonNull("withdrawalId")) {
                    String message = item.path("errorMessage").asText("failed in Kotani bulk batch");
                    Payment next = row.withStatus(PaymentStatus.FAILED).withError("BULK_FAILED", message)
                            .withCompletedAt(LedgerTime.now()).withNextCheckAt(null);
                    if (payments.update(row, next, "Kotani bulk batch " + chunk.kotaniBatchId() + ": " + message)
                            .isPresent()) {
                        failedWithoutWithdrawal++;
                    }
                } else {
                    check.add(row.id());
                }
            }
            int due = chunks.checkRowsNow(chunk.id(), check);
            LOG.info("bulk chunk '{}': Kotani batch {} {}; {} rows not final yet: {} failed without a withdrawal, {} "
                    + "handed to status checks", chunk.name(), chunk.kotaniBatchId(), status, open.size(),
                    failedWithoutWithdrawal, due);
        }
        chunks.tracked(chunk, status, successful, failed, pending, true, null, null);
    }

    private Instant retryAt(KotaniResponse answer, Instant now) {
        return answer.outcome() == KotaniResponse.Outcome.RATE_LIMITED && answer.retryAfter() != null
                ? now.plus(answer.retryAfter()) : now.plus(properties.getRetryDelay());
    }

    private static Integer integer(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.canConvertToInt() ? null : value.intValue();
    }
}
