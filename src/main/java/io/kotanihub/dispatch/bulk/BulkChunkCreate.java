package io.kotanihub.dispatch.bulk;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.common.csv.CsvWriters;
import io.kotanihub.common.logging.PaymentMdc;
import io.kotanihub.dispatch.CommandCodec;
import io.kotanihub.kotani.KotaniEndpoint;
import io.kotanihub.kotani.KotaniProperties;
import io.kotanihub.kotani.KotaniResponse;
import io.kotanihub.kotani.KotaniThrottle;
import io.kotanihub.kotani.PayoutWallets;
import io.kotanihub.ledger.BulkChunkRepository;
import io.kotanihub.ledger.BulkChunkRepository.Chunk;
import io.kotanihub.ledger.LedgerTime;
import io.kotanihub.ledger.Payment;
import io.kotanihub.model.PaymentCommand;
import io.kotanihub.model.PaymentStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The steps of the {@code bulk-chunk-create} route (REFERENCE §15.1): {@link #due} READY chunks; {@link #claim} one
 * (rate budget, payout wallet, then READY → CREATING and its rows SUBMITTING in one transaction: durable before
 * any call); {@link #checked} Kotani's CSV check ({@code isDuplicate}, or a row whose reference Kotani already
 * has: reconcile first, never create blindly); {@link #record} the create call's answer:
 * <ul>
 *   <li>2xx → CREATED with Kotani's batch id (rows SUBMITTED);</li>
 *   <li>429 or no connection → READY again (rows RECEIVED), after {@code retryAfter};</li>
 *   <li>insufficient balance → the chunk's rows FAILED with Kotani's {@code required}, {@code available},
 *       {@code shortfall}; "references already used" → UNKNOWN (reconcile); a validation refusal whose every
 *       error names a recipient ({@code recipients.2.recipientPhone ...}) → those rows FAILED with their own
 *       errors, the others READY again for the chunk's next create call (a refused create creates nothing); any
 *       other 4xx (the request as a whole: wallet selection, locked wallet ...) → every row FAILED with Kotani's
 *       message;</li>
 *   <li>timeout, dropped answer, 5xx → UNKNOWN: {@link BulkChunkReconciler} asks Kotani's listings first.</li>
 * </ul>
 */
@Component
public class BulkChunkCreate {

    private static final Logger LOG = LoggerFactory.getLogger(BulkChunkCreate.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.withExactBigDecimals(true);
    /** One validation error of the create body about one recipient: its index in {@code recipients}, the problem. */
    private static final Pattern RECIPIENT_ERROR = Pattern.compile("recipients\\.(\\d+)\\.(\\S.*)", Pattern.DOTALL);

    /**
     * A claimed chunk on its way: the create request and the CSV of its rows. The route reads it by bean-style
     * getters only ({@code ${body.request}}, ...): a record accessor of the same name beside a getter makes Camel's
     * method choice ambiguous.
     */
    public record BulkCall(Chunk chunk, List<Payment> rows, JsonNode createRequest, String csvFile) {
        public String getCsv() { return csvFile; }
        public JsonNode getRequest() { return createRequest; }
        public String getChunkName() { return chunk.name(); }
        public String getFileName() { return chunk.name().replace(' ', '-') + ".csv"; }
    }

    private final BulkChunkRepository chunks;
    private final KotaniThrottle throttle;
    private final PayoutWallets wallets;
    private final BulkProperties properties;
    private final KotaniProperties kotani;
    private final CsvWriters csvWriters;

    public BulkChunkCreate(BulkChunkRepository chunks, KotaniThrottle throttle, PayoutWallets wallets,
                           BulkProperties properties, KotaniProperties kotani, CsvWriters csvWriters) {
        this.chunks = chunks;
        this.throttle = throttle;
        this.wallets = wallets;
        this.properties = properties;
        this.kotani = kotani;
        this.csvWriters = csvWriters;
    }

    /** READY chunks whose time has come. */
    public List<Chunk> due() {
        return chunks.due(List.of(BulkChunkRepository.READY), LedgerTime.now(), 20);
    }

    /** Claims a chunk for its create call; null when it is not this worker's turn (budget, wallet, claimed). */
    public BulkCall claim(Chunk chunk) {
        try (PaymentMdc ignored = PaymentMdc.batch(chunk.batchId())) {
            return claimNow(chunk);
        }
    }

    private BulkCall claimNow(Chunk chunk) {
        Instant now = LedgerTime.now();
        PayoutWallets.Lookup wallet = wallets.forCurrency(chunk.currency(), properties.getRetryDelay());
        if (wallet.walletId() == null) {
            if (wallet.retryAt() != null) {
                chunks.lease(chunk, wallet.retryAt());
            } else {
                chunks.claimForCreate(chunk, null, now.plus(properties.getAbandonedAfter()))
                        .ifPresent(c -> chunks.failed(c, "NO_PAYOUT_WALLET", wallet.failure()));
            }
            return null;
        }
        boolean validate = properties.isValidateCsv() && !chunk.reconciled();
        KotaniThrottle.Permit create = throttle.acquire(KotaniEndpoint.BULK_CREATE);
        if (!create.granted()) {
            chunks.lease(chunk, create.retryAt());
            return null;
        }
        if (validate) {
            KotaniThrottle.Permit check = throttle.acquire(KotaniEndpoint.BULK_VALIDATE_CSV);
            if (!check.granted()) {
                throttle.giveBack(KotaniEndpoint.BULK_CREATE);
                chunks.lease(chunk, check.retryAt());
                return null;
            }
        }
        Chunk claimed = chunks.claimForCreate(chunk, wallet.walletId(), now.plus(properties.getAbandonedAfter()))
                .orElse(null);
        if (claimed == null) {
            throttle.giveBack(KotaniEndpoint.BULK_CREATE);
            if (validate) {
                throttle.giveBack(KotaniEndpoint.BULK_VALIDATE_CSV);
            }
            return null;
        }
        List<Payment> rows = chunks.rows(claimed.id(), PaymentStatus.SUBMITTING);
        if (rows.isEmpty()) {
            chunks.tracked(claimed, null, null, null, null, true, null, null);
            return null;
        }
        LOG.info("bulk chunk '{}': {} rows, {} {} claimed for its create call (attempt {})", claimed.name(),
                rows.size(), total(rows).toPlainString(), claimed.currency(), claimed.attempts());
        return new BulkCall(claimed, rows, request(claimed, rows, wallet.walletId()), validate ? csv(rows) : null);
    }

    /**
     * Kotani's CSV check: records {@code fileHash} and {@code isDuplicate}. Returns the call when the create may go
     * on; null when the chunk must first be reconciled (a duplicate upload, or a reference Kotani already has).
     * A check without an answer changes nothing: the create call decides.
     */
    public BulkCall checked(BulkCall call, KotaniResponse response) {
        if (response == null) {
            return call;
        }
        if (response.outcome() == KotaniResponse.Outcome.RATE_LIMITED && response.retryAfter() != null) {
            throttle.pause(KotaniEndpoint.BULK_VALIDATE_CSV, LedgerTime.now().plus(response.retryAfter()));
        }
        if (!response.accepted()) {
            LOG.info("bulk chunk '{}': CSV check not answered ({}); the create call decides", call.getChunkName(),
                    response.message());
            return call;
        }
        JsonNode data = response.data();
        String hash = data.path("fileHash").asText(null);
        boolean duplicate = data.path("isDuplicate").asBoolean(false);
        Chunk chunk = chunks.validated(call.chunk(), hash, duplicate).orElse(null);
        if (chunk == null) {
            return null;
        }
        StringBuilder known = new StringBuilder();
        data.path("errors").forEach(e -> {
            if (e.asText().toLowerCase(Locale.ROOT).contains("already used")) {
                known.append(e.asText());
            }
        });
        if (duplicate || known.length() > 0) {
            String why = duplicate ? "Kotani reports this chunk's file as a duplicate upload (fileHash " + hash + ")"
                    : "Kotani already has references of this chunk: " + known;
            LOG.warn("bulk chunk '{}': {}; reconciling with Kotani's listings before any create", chunk.name(), why);
            chunks.unknown(chunk, LedgerTime.now(), duplicate ? "DUPLICATE_FILE" : "REFERENCES_USED", why);
            throttle.giveBack(KotaniEndpoint.BULK_CREATE);
            return null;
        }
        return new BulkCall(chunk, call.rows(), call.createRequest(), call.csvFile());
    }

    /** Records the create call's answer (see the class comment). */
    public void record(BulkCall call, KotaniResponse response) {
        try (PaymentMdc ignored = PaymentMdc.batch(call.chunk().batchId())) {
            recordNow(call, response);
        }
    }

    private void recordNow(BulkCall call, KotaniResponse response) {
        Chunk chunk = chunks.find(call.chunk().id()).orElseThrow();
        if (!BulkChunkRepository.CREATING.equals(chunk.status())) {
            LOG.warn("bulk chunk '{}': changed to {} while its create call ran; its reconciliation decides",
                    chunk.name(), chunk.status());
            return;
        }
        Instant now = LedgerTime.now();
        switch (response.outcome()) {
            case ACCEPTED -> {
                JsonNode batch = response.data().isArray() ? response.data().path(0) : response.data();
                String batchId = batch.path("id").asText(null);
                if (batchId == null) {
                    chunks.unknown(chunk, now.plus(properties.getReconcileDelay()), "UNKNOWN",
                            "create answered without a batch id");
                    return;
                }
                chunks.created(chunk, batchId, batch.path("transactionId").asText(null),
                        batch.path("status").asText(null), now.plus(properties.getTrackInterval()),
                        "in Kotani bulk batch " + batchId);
                LOG.info("bulk chunk '{}': Kotani batch {} created ({} rows)", chunk.name(), batchId, call.rows().size());
            }
            case RATE_LIMITED -> {
                Instant retryAt = now.plus(response.retryAfter());
                throttle.pause(KotaniEndpoint.BULK_CREATE, retryAt);
                chunks.ready(chunk, retryAt, "RATE_LIMITED", "rate limited by Kotani (429)", false);
            }
            case NOT_SENT -> chunks.ready(chunk, now.plus(properties.getRetryDelay()), "NOT_SENT", response.message(),
                    false);
            case REJECTED -> rejected(chunk, call.rows(), response, now);
            default -> {
                LOG.warn("bulk chunk '{}': create call outcome unknown ({}); reconciling before anything is sent",
                        chunk.name(), response.message());
                chunks.unknown(chunk, now.plus(properties.getReconcileDelay()), "UNKNOWN", response.message());
            }
        }
    }

    private void rejected(Chunk chunk, List<Payment> rows, KotaniResponse response, Instant now) {
        String message = response.message() == null ? "HTTP " + response.httpStatus() : response.message();
        String lower = message.toLowerCase(Locale.ROOT);
        Map<Long, String> refused = refusedRows(rows, response.data());
        if (lower.contains("insufficient")) {
            JsonNode details = response.data().path("details");
            String text = "Insufficient wallet balance for this bulk chunk (" + chunk.rowCount() + " rows): currency "
                    + details.path("currency").asText(chunk.currency()) + ", required "
                    + details.path("required").asText("?") + ", available " + details.path("available").asText("?")
                    + ", shortfall " + details.path("shortfall").asText("?");
            LOG.warn("bulk chunk '{}' FAILED: {}", chunk.name(), text);
            chunks.failed(chunk, "INSUFFICIENT_BALANCE", text);
        } else if (lower.contains("already used") || lower.contains("duplicate")) {
            chunks.unknown(chunk, now, "REFERENCES_USED", message);
        } else if (!refused.isEmpty()) {
            LOG.warn("bulk chunk '{}': Kotani refused the create call (HTTP {}) for {} of its {} rows; those rows FAILED, "
                    + "the others go in its next create call: {}", chunk.name(), response.httpStatus(), refused.size(),
                    rows.size(), message);
            chunks.refusedRows(chunk, refused, "HTTP_" + response.httpStatus(), now,
                    "Kotani refused the chunk's create call for other rows (nothing was created): " + message);
        } else {
            LOG.warn("bulk chunk '{}' FAILED: Kotani refused it (HTTP {}): {}", chunk.name(), response.httpStatus(),
                    message);
            chunks.failed(chunk, "HTTP_" + response.httpStatus(), "Kotani refused the whole bulk chunk ("
                    + chunk.rowCount() + " rows, HTTP " + response.httpStatus() + "): " + message);
        }
    }

    /**
     * A validation refusal of the create body whose every error names a recipient
     * ({@code recipients.<index>.<field> ...}, §15.3, as Kotani's validator names nested members): payment id →
     * Kotani's errors for that row. Empty when an error is about the request as a whole (a wallet selection, the
     * batch name ...) or names no row of this call: then the chunk's rows fail together.
     */
    static Map<Long, String> refusedRows(List<Payment> rows, JsonNode data) {
        JsonNode errors = data == null ? null : data.path("errors");
        if (errors == null || !errors.isArray() || errors.isEmpty()) {
            return Map.of();
        }
        Map<Long, String> refused = new LinkedHashMap<>();
        for (JsonNode error : errors) {
            Matcher m = RECIPIENT_ERROR.matcher(error.asText(""));
            if (!m.matches() || m.group(1).length() > 6 || Integer.parseInt(m.group(1)) >= rows.size()) {
                return Map.of();
            }
            Payment row = rows.get(Integer.parseInt(m.group(1)));
            String text = "Kotani refused this row (" + row.reference() + "): " + m.group(2);
            refused.merge(row.id(), text, (a, b) -> a + "; " + m.group(2));
        }
        return refused;
    }

    // ------------------------------------------------------------------ request

    private ObjectNode request(Chunk chunk, List<Payment> rows, String walletId) {
        ObjectNode body = JSON.objectNode();
        body.put("batchName", chunk.name());
        body.put("batchDescription", "kotani-hub batch " + chunk.batchId() + ", " + chunk.currency() + " chunk "
                + chunk.seq());
        ArrayNode recipients = body.putArray("recipients");
        for (Payment row : rows) {
            PaymentCommand cmd = CommandCodec.fromJson(row.commandJson());
            ObjectNode r = recipients.addObject();
            r.put("recipientName", name(cmd));
            r.put("recipientEmail", properties.getRecipientEmail());
            r.put("recipientPhone", cmd.recipient().phone());
            r.put("amount", row.amount().stripTrailingZeros());
            r.put("currency", row.currency());
            r.put("reference", row.reference());
            r.put("network", cmd.recipient().network().toUpperCase(Locale.ROOT));
        }
        body.putArray("walletSelections").addObject().put("currency", chunk.currency()).put("walletId", walletId);
        if (kotani.getCallbackUrl() != null && !kotani.getCallbackUrl().isBlank()) {
            body.put("callbackUrl", kotani.getCallbackUrl());
        }
        return body;
    }

    private String csv(List<Payment> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CsvWriters.CsvOutput csv = csvWriters.open(out)) {
            csv.record("recipient_name", "recipient_email", "recipient_phone", "amount", "currency", "reference",
                    "network", "description");
            for (Payment row : rows) {
                PaymentCommand cmd = CommandCodec.fromJson(row.commandJson());
                csv.record(name(cmd), properties.getRecipientEmail(), cmd.recipient().phone(),
                        row.amount().stripTrailingZeros().toPlainString(), row.currency(), row.reference(),
                        cmd.recipient().network().toUpperCase(Locale.ROOT), cmd.narration());
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String name(PaymentCommand cmd) {
        String name = cmd.recipient().name();
        return name == null || name.isBlank() ? cmd.recipient().phone() : name;
    }

    private static BigDecimal total(List<Payment> rows) {
        return rows.stream().map(Payment::amount).reduce(BigDecimal.ZERO, BigDecimal::add).stripTrailingZeros();
    }
}
