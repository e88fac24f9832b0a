package io.kotanihub.dispatch.bulk;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.kotanihub.kotani.KotaniProperties;
import io.kotanihub.ledger.BulkChunkRepository;
import io.kotanihub.model.PaymentCommand;
import io.kotanihub.model.PaymentMethod;
import io.kotanihub.model.PaymentType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Decides, for one batch, which rows go through Kotani's bulk payments API (REFERENCE §15) and puts them into
 * chunks: one step of the batch intake, before its rows enter the ledger. Eligible are mobile-money payouts with a
 * network of {@code hub.bulk.networks}; per currency, chunks of at most {@code hub.bulk.max-batch-size} rows in row
 * order (so a resumed batch assigns every row to the same chunk again). {@code auto} sends the eligible rows in bulk
 * when one create call per row at the configured limits ({@code hub.kotani.throttle.general}) takes longer than the
 * bulk path: its create (and CSV check) calls at the same limits plus Kotani's own sending
 * ({@code hub.bulk.estimated-payment-time} per row). With the throttle off nothing waits, and {@code auto} stays
 * per-payment.
 */
@Component
public class BulkPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(BulkPlanner.class);

    private final BulkChunkRepository chunks;
    private final BulkProperties properties;
    private final KotaniProperties kotani;

    public BulkPlanner(BulkChunkRepository chunks, BulkProperties properties, KotaniProperties kotani) {
        this.chunks = chunks;
        this.properties = properties;
        this.kotani = kotani;
    }

    /** True when Kotani's bulk API can take the row. */
    public boolean eligible(PaymentCommand cmd) {
        PaymentType type = cmd.type() == null ? PaymentType.PAYOUT : cmd.type();
        PaymentMethod method = cmd.method() == null ? PaymentMethod.MOBILE_MONEY : cmd.method();
        return type == PaymentType.PAYOUT && method == PaymentMethod.MOBILE_MONEY && cmd.recipient() != null
                && cmd.recipient().network() != null && cmd.currency() != null
                && properties.getNetworks().contains(cmd.recipient().network().strip().toUpperCase(Locale.ROOT));
    }

    /** Estimated seconds for {@code rows} rows sent one create call each at the configured general-tier limits. */
    public double perPaymentSeconds(int rows) {
        return callsSeconds(rows);
    }

    /** Estimated seconds of the bulk path for {@code rows} rows. */
    public double bulkSeconds(int rows) {
        int chunkCount = (rows + properties.getMaxBatchSize() - 1) / properties.getMaxBatchSize();
        int calls = chunkCount * (properties.isValidateCsv() ? 2 : 1);
        return callsSeconds(calls) + rows * properties.getEstimatedPaymentTime().toMillis() / 1000.0;
    }

    private double callsSeconds(int calls) {
        if (!kotani.getThrottle().isEnabled()) {
            return 0;
        }
        KotaniProperties.Tier tier = kotani.getThrottle().getGeneral();
        int waiting = Math.max(0, calls - tier.getBurst());
        Duration spacing = tier.spacing();
        return waiting * spacing.toMillis() / 1000.0;
    }

    /**
     * The plan of a batch: {@code eligiblePerCurrency} counts its eligible rows. Returns an assignment that gives
     * each eligible row, in row order, its chunk (or null: per payment).
     */
    public Assignment plan(String batchId, DispatchMode mode, Map<String, Integer> eligiblePerCurrency) {
        int eligible = eligiblePerCurrency.values().stream().mapToInt(Integer::intValue).sum();
        boolean bulk = switch (mode) {
            case PER_PAYMENT -> false;
            case BULK -> eligible > 0;
            case AUTO -> eligible > 0 && bulkSeconds(eligible) < perPaymentSeconds(eligible);
        };
        Map<String, List<Long>> ids = new TreeMap<>();
        if (bulk) {
            for (Map.Entry<String, Integer> e : eligiblePerCurrency.entrySet()) {
                int count = (e.getValue() + properties.getMaxBatchSize() - 1) / properties.getMaxBatchSize();
                ids.put(e.getKey(), chunks.plan(batchId, e.getKey(), count));
            }
        }
        LOG.info("batch {}: dispatch mode {} -> {} ({} of its rows can go in bulk; estimated per-payment {} s, bulk {} s)",
                batchId, mode.label(), bulk ? "bulk for " + eligible + " rows in " + ids.values().stream()
                        .mapToInt(List::size).sum() + " chunks" : "per-payment", eligible,
                Math.round(perPaymentSeconds(eligible)), Math.round(bulkSeconds(eligible)));
        return new Assignment(ids, properties.getMaxBatchSize());
    }

    /** Every row of the batch is in the ledger: its chunks may be sent. */
    public void seal(String batchId) {
        chunks.seal(batchId);
    }

    /** The batch's own mode (a REST batch's {@code dispatchMode}), else {@code fallback}. */
    public DispatchMode modeOf(String batchId, DispatchMode fallback) {
        DispatchMode own = DispatchMode.parse(chunks.dispatchMode(batchId));
        return own != null ? own : fallback;
    }

    /** Records a batch's own mode. */
    public void setMode(String batchId, DispatchMode mode) {
        chunks.setDispatchMode(batchId, mode.label());
    }

    /** Gives eligible rows their chunks in row order; not thread-safe (one batch intake). */
    public final class Assignment {
        private final Map<String, List<Long>> chunkIds;
        private final int size;
        private final Map<String, Integer> seen = new HashMap<>();

        Assignment(Map<String, List<Long>> chunkIds, int size) {
            this.chunkIds = chunkIds;
            this.size = size;
        }

        /** The chunk of the next row {@code cmd} (call for every valid row, in row order), or null. */
        public Long chunkFor(PaymentCommand cmd) {
            if (chunkIds.isEmpty() || !eligible(cmd)) {
                return null;
            }
            List<Long> ids = chunkIds.get(cmd.currency());
            if (ids == null) {
                return null;
            }
            int ordinal = seen.merge(cmd.currency(), 1, Integer::sum) - 1;
            return ids.get(Math.min(ids.size() - 1, ordinal / size));
        }

        public boolean any() {
            return !chunkIds.isEmpty();
        }
    }
}
