package io.kotanihub.dispatch.bulk;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.kotanihub.common.logging.PaymentMdc;
import io.kotanihub.kotani.KotaniResponse;
import io.kotanihub.ledger.BulkChunkRepository;
import io.kotanihub.ledger.BulkChunkRepository.Chunk;
import io.kotanihub.ledger.LedgerTime;
import io.kotanihub.ledger.Payment;
import io.kotanihub.model.PaymentStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Money safety for bulk mode (the {@code bulk-chunk-reconcile} route): a chunk whose create call had an unknown
 * outcome (UNKNOWN: timeout, dropped answer, 5xx, a duplicate upload or a reference Kotani already had) or whose
 * create call was left behind by a crash (CREATING past its deadline) is settled with Kotani before anything is sent
 * again:
 * <ol>
 *   <li>Kotani's batch listing, then its transaction listing (newest first, the chunk's currency), are searched for
 *       the chunk's unique batch name: found → CREATED with Kotani's batch id, nothing is sent again;</li>
 *   <li>not in either (every page read) → each row's withdrawal status (§10.5): a reference Kotani knows leaves the
 *       chunk for the per-payment reconciler (adopted, never sent again); the others go back to READY, so the
 *       chunk's create call is made again with the rows Kotani does not have;</li>
 *   <li>any look-up without an answer (5xx, timeout, no budget) → nothing changes; tried again later.</li>
 * </ol>
 */
@Component
public class BulkChunkReconciler {

    private static final Logger LOG = LoggerFactory.getLogger(BulkChunkReconciler.class);
    private static final java.time.Duration LISTING_MARGIN = java.time.Duration.ofMinutes(10);

    private final BulkChunkRepository chunks;
    private final BulkKotani kotani;
    private final BulkProperties properties;

    public BulkChunkReconciler(BulkChunkRepository chunks, BulkKotani kotani, BulkProperties properties) {
        this.chunks = chunks;
        this.kotani = kotani;
        this.properties = properties;
    }

    /** UNKNOWN chunks due and CREATING ones past their deadline, each leased. */
    public List<Chunk> due() {
        Instant now = LedgerTime.now();
        return chunks.due(List.of(BulkChunkRepository.UNKNOWN, BulkChunkRepository.CREATING), now, 10).stream()
                .map(c -> chunks.lease(c, now.plus(properties.getAbandonedAfter())))
                .flatMap(java.util.Optional::stream)
                .toList();
    }

    public void reconcile(Chunk chunk) {
        try (PaymentMdc ignored = PaymentMdc.batch(chunk.batchId())) {
            reconcileNow(chunk);
        }
    }

    private void reconcileNow(Chunk chunk) {
        Instant now = LedgerTime.now();
        Search batches = search(chunk, kotani::batches, b -> chunk.name().equals(b.path("batchName").asText(null))
                && chunk.currency().equals(b.path("currency").asText(null)));
        if (batches.unanswered != null) {
            later(chunk, "batch listing: " + batches.unanswered);
            return;
        }
        JsonNode found = batches.found;
        if (found == null) {
            Search parents = search(chunk, kotani::transactions,
                    t -> chunk.name().equals(t.path("transactionName").asText(null)));
            if (parents.unanswered != null) {
                later(chunk, "transaction listing: " + parents.unanswered);
                return;
            }
            if (parents.found != null) {
                for (JsonNode b : parents.found.path("batches")) {
                    if (chunk.currency().equals(b.path("currency").asText(null))) {
                        found = b;
                    }
                }
            }
        }
        if (found != null) {
            String batchId = found.path("id").asText();
            LOG.info("bulk chunk '{}': Kotani has it as batch {} ({}); nothing is sent again", chunk.name(), batchId,
                    found.path("status").asText());
            chunks.created(chunk, batchId, found.path("transactionId").asText(null), found.path("status").asText(null),
                    now, "found at Kotani as bulk batch " + batchId + " after an unknown create outcome");
            return;
        }
        List<Payment> rows = chunks.rows(chunk.id(), PaymentStatus.SUBMITTING);
        List<Long> known = new ArrayList<>();
        for (Payment row : rows) {
            KotaniResponse status = kotani.withdrawalStatus(row.reference());
            if (status.accepted()) {
                known.add(row.id());
            } else if (!status.notFound()) {
                later(chunk, "withdrawal status of " + row.reference() + ": " + status.message());
                return;
            }
        }
        if (!known.isEmpty()) {
            LOG.warn("bulk chunk '{}': Kotani already has {} of its references as withdrawals; they are reconciled one "
                    + "by one and not sent again", chunk.name(), known.size());
            chunks.detach(chunk, known, "Kotani already has this reference: reconciled on its own, never sent again");
        }
        Chunk current = chunks.find(chunk.id()).orElseThrow();
        LOG.info("bulk chunk '{}': not at Kotani (no batch, {} of {} references known); its create call is made again",
                chunk.name(), known.size(), rows.size());
        chunks.ready(current, now, "RECONCILED", "not found at Kotani after " + chunk.errorCode()
                + "; sent again", true);
    }

    private void later(Chunk chunk, String why) {
        LOG.info("bulk chunk '{}': reconciliation put off: {}", chunk.name(), why);
        chunks.find(chunk.id()).ifPresent(c -> chunks.lease(c, LedgerTime.now().plus(properties.getRetryDelay())));
    }

    private static final class Search {
        JsonNode found;
        String unanswered;
    }

    /** Pages through a listing (newest first) until {@code match} holds, its end, or items older than the chunk. */
    private Search search(Chunk chunk, PageReader reader, java.util.function.Predicate<JsonNode> match) {
        Search search = new Search();
        Instant oldest = chunk.createdAt().minus(LISTING_MARGIN);
        for (int page = 1; page <= properties.getMaxListingPages(); page++) {
            KotaniResponse answer = reader.read(chunk.currency(), page);
            JsonNode items = items(answer);
            if (!answer.accepted() || items == null) {
                search.unanswered = answer.message() == null ? answer.outcome().name() : answer.message();
                return search;
            }
            boolean older = false;
            for (JsonNode item : items) {
                if (match.test(item)) {
                    search.found = item;
                    return search;
                }
                Instant created = instant(item.path("createdAt").asText(null));
                older |= created != null && created.isBefore(oldest);
            }
            if (items.size() < BulkKotani.PAGE_SIZE || older) {
                return search;
            }
        }
        search.unanswered = "not among the newest " + properties.getMaxListingPages() * BulkKotani.PAGE_SIZE;
        return search;
    }

    /** The items of a list answer: {@code data[]} or {@code data.data[]} (§2.1, §22.15). */
    static JsonNode items(KotaniResponse answer) {
        JsonNode data = answer.data();
        if (data.isArray()) {
            return data;
        }
        return data.path("data").isArray() ? data.path("data") : null;
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    @FunctionalInterface
    private interface PageReader {
        KotaniResponse read(String currency, int page);
    }
}
