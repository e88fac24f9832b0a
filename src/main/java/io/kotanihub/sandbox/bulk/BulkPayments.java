package io.kotanihub.sandbox.bulk;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.sandbox.SandboxProperties;
import io.kotanihub.sandbox.core.Family;
import io.kotanihub.sandbox.core.SandboxResettable;
import io.kotanihub.sandbox.core.SandboxScheduler;
import io.kotanihub.sandbox.core.SandboxStore;
import io.kotanihub.sandbox.core.SandboxTransaction;
import io.kotanihub.sandbox.payments.Outcomes;
import io.kotanihub.sandbox.payments.Payouts;
import io.kotanihub.sandbox.ramps.RampCustomers;
import io.kotanihub.sandbox.ramps.RampJson;
import io.kotanihub.sandbox.ramps.RateTable;
import io.kotanihub.sandbox.wallets.FiatWallet;
import io.kotanihub.sandbox.wallets.WalletBook;
import io.kotanihub.sandbox.web.SandboxApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Bulk payments (REFERENCE §15): uploads are checked ({@link BulkCsv}), requests become one parent transaction with
 * one batch per currency, and every payment of a batch is an ordinary mobile-money withdrawal ({@link Payouts}).
 *
 * <p>Create checks each currency's wallet balance against the batch's total debit (every payment's amount plus its
 * fee: the integrator bears bulk fees, §15.4 {@code transactionAmount = amount + fee}); when one is short nothing
 * is created (400 "Insufficient wallet balance"). References are reserved atomically at create, so a reference can
 * be in one batch only and is refused afterwards (also for single withdrawals, which share the namespace).
 *
 * <p>Processing starts by itself a step delay after create ({@code POST …/process} starts a pending batch at once);
 * payments are sent one after another, a step delay apart: each creates the withdrawal with the payment's
 * {@code reference} (the wallet is debited then, 400 answers such as insufficient funds make the payment FAILED
 * without a withdrawal), and from then on its status follows the withdrawal: PROCESSING, then SUCCESS when it is
 * SUCCESSFUL or FAILED when it failed (debit reversed) - by the recipient phone (§21). A batch is
 * {@code pending}, {@code processing} until every payment is final, then {@code completed} (all succeeded),
 * {@code failed} (none did) or {@code completed_with_errors}.
 */
@Component
public class BulkPayments implements SandboxResettable {

    static final String KIND = "withdraw/bulk-payment";
    private static final Logger LOG = LoggerFactory.getLogger(BulkPayments.class);

    private final WalletBook wallets;
    private final Payouts payouts;
    private final RampCustomers customers;
    private final SandboxStore store;
    private final SandboxScheduler scheduler;
    private final SandboxProperties properties;
    private final ObjectMapper json;

    private final Map<String, Parent> parents = new ConcurrentHashMap<>();
    private final Map<String, Batch> batches = new ConcurrentHashMap<>();
    private final Set<String> reserved = ConcurrentHashMap.newKeySet();
    private final Set<String> uploadedHashes = ConcurrentHashMap.newKeySet();
    /** Bulk create requests that named each reference (accepted or not), for the test control's view. */
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> createRequests = new ConcurrentHashMap<>();

    /** One upload's parent transaction. */
    record Parent(String id, String name, String description, Instant createdAt, List<Batch> batches) { }

    /** One currency's batch. */
    static final class Batch {
        final String id;
        final Parent parent;
        final String currency;
        final String walletId;
        final String callbackUrl;
        final Instant createdAt;
        final List<Payment> payments = new CopyOnWriteArrayList<>();
        volatile Instant startedAt;

        Batch(String id, Parent parent, String currency, String walletId, String callbackUrl, Instant createdAt) {
            this.id = id;
            this.parent = parent;
            this.currency = currency;
            this.walletId = walletId;
            this.callbackUrl = callbackUrl;
            this.createdAt = createdAt;
        }
    }

    /** One payment of a batch; {@code withdrawal} is set once it was sent, {@code failure} when it could not be. */
    static final class Payment {
        final String id;
        final BulkRequests.Recipient recipient;
        final BigDecimal fee;
        final Instant createdAt;
        volatile String customerKey;
        volatile SandboxTransaction withdrawal;
        volatile String failure;
        volatile Instant failedAt;

        Payment(String id, BulkRequests.Recipient recipient, BigDecimal fee, Instant createdAt) {
            this.id = id;
            this.recipient = recipient;
            this.fee = fee;
            this.createdAt = createdAt;
        }
    }

    public BulkPayments(WalletBook wallets, Payouts payouts, RampCustomers customers, SandboxStore store,
                        SandboxScheduler scheduler, SandboxProperties properties, ObjectMapper json) {
        this.wallets = wallets;
        this.payouts = payouts;
        this.customers = customers;
        this.store = store;
        this.scheduler = scheduler;
        this.properties = properties;
        this.json = json;
    }

    /** Counts a bulk create request for each recipient reference it names (before any validation). */
    void requested(com.fasterxml.jackson.databind.JsonNode body) {
        if (body != null && body.path("recipients").isArray()) {
            body.path("recipients").forEach(r -> {
                String reference = r.path("reference").asText(null);
                if (reference != null) {
                    createRequests.computeIfAbsent(reference, k -> new java.util.concurrent.atomic.AtomicInteger())
                            .incrementAndGet();
                }
            });
        }
    }

    /** How many bulk create requests named {@code reference}. */
    public int createRequests(String reference) {
        var count = createRequests.get(reference);
        return count == null ? 0 : count.get();
    }

    /** True when a payment or a withdrawal already uses {@code reference}. */
    boolean referenceUsed(String reference) {
        return reserved.contains(reference) || store.find(Family.WITHDRAWAL, reference).isPresent();
    }

    // ---- validate, preview, create ----

    ObjectNode validateCsv(byte[] content) {
        BulkCsv.Result result = BulkCsv.read(content, this::referenceUsed);
        boolean duplicate = !uploadedHashes.add(result.fileHash());
        ObjectNode out = json.createObjectNode();
        out.put("isValid", result.valid());
        out.put("totalRecords", result.totalRecords());
        result.breakdown().keySet().forEach(out.putArray("currencies")::add);
        if (!out.has("currencies")) {
            out.putArray("currencies");
        }
        ObjectNode breakdown = out.putObject("currencyBreakdown");
        result.breakdown().forEach((currency, totals) -> breakdown.putObject(currency)
                .put("count", totals.count()).put("totalAmount", RateTable.plain(totals.totalAmount())));
        out.put("fileHash", result.fileHash());
        out.put("isDuplicate", duplicate);
        result.errors().forEach(out.putArray("errors")::add);
        if (!out.has("errors")) {
            out.putArray("errors");
        }
        List<String> warnings = new ArrayList<>(result.warnings());
        if (duplicate) {
            warnings.add("This file was uploaded before (same fileHash)");
        }
        warnings.forEach(out.putArray("warnings")::add);
        if (!out.has("warnings")) {
            out.putArray("warnings");
        }
        return out;
    }

    ObjectNode preview(BulkRequests.Plan plan) {
        ObjectNode out = json.createObjectNode();
        out.put("totalBatches", plan.currencies().size());
        out.put("totalRecipients", plan.recipients().size());
        var breakdown = out.putArray("currencyBreakdown");
        for (String currency : plan.currencies()) {
            List<BulkRequests.Recipient> recipients = plan.of(currency);
            ObjectNode entry = breakdown.addObject();
            entry.put("currency", currency);
            entry.put("recipientCount", recipients.size());
            entry.put("totalAmount", total(recipients));
            entry.put("walletId", plan.wallets().get(currency).id());
            var list = entry.putArray("recipients");
            recipients.forEach(r -> list.add(recipient(r)));
        }
        return out;
    }

    /** Reserves the references, checks every currency's balance, then creates the batches (201 body). */
    List<ObjectNode> create(BulkRequests.Plan plan) {
        Set<String> taken = new HashSet<>();
        for (BulkRequests.Recipient r : plan.recipients()) {
            if (reserved.add(r.reference())) {
                taken.add(r.reference());
            }
        }
        try {
            List<String> used = plan.recipients().stream().map(BulkRequests.Recipient::reference)
                    .filter(ref -> !taken.contains(ref) || store.find(Family.WITHDRAWAL, ref).isPresent()).toList();
            if (!used.isEmpty()) {
                throw new SandboxApiException(400, "Validation failed: References already used: "
                        + String.join(", ", used), Map.of("errors", List.of("References already used: "
                        + String.join(", ", used))));
            }
            checkBalances(plan);
        } catch (RuntimeException e) {
            taken.forEach(reserved::remove);
            throw e;
        }
        Instant now = Instant.now();
        Parent parent = new Parent(SandboxStore.newId(), plan.batchName(), plan.batchDescription(), now,
                new CopyOnWriteArrayList<>());
        List<ObjectNode> created = new ArrayList<>();
        for (String currency : plan.currencies()) {
            Batch batch = new Batch(SandboxStore.newId(), parent, currency, plan.wallets().get(currency).id(),
                    plan.callbackUrl(), now);
            for (BulkRequests.Recipient r : plan.of(currency)) {
                batch.payments.add(new Payment(SandboxStore.newId(), r, Payouts.fee(r.amount(), currency), now));
            }
            parent.batches().add(batch);
            batches.put(batch.id, batch);
            created.add(batchView(batch));
            scheduler.after(properties.getStepDelay(), () -> start(batch));
        }
        parents.put(parent.id(), parent);
        LOG.info("sandbox: bulk payment {} created: {} batches, {} payments", parent.id(), created.size(),
                plan.recipients().size());
        return created;
    }

    private void checkBalances(BulkRequests.Plan plan) {
        List<Map<String, Object>> shortfalls = new ArrayList<>();
        for (String currency : plan.currencies()) {
            FiatWallet wallet = plan.wallets().get(currency);
            BigDecimal required = BigDecimal.ZERO;
            for (BulkRequests.Recipient r : plan.of(currency)) {
                required = required.add(r.amount()).add(Payouts.fee(r.amount(), currency));
            }
            BigDecimal available = wallet.balance();
            if (available.compareTo(required) < 0) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("currency", currency);
                details.put("required", RateTable.plain(required));
                details.put("available", RateTable.plain(available));
                details.put("shortfall", RateTable.plain(required.subtract(available)));
                shortfalls.add(details);
            }
        }
        if (!shortfalls.isEmpty()) {
            throw new InsufficientBalanceException(shortfalls);
        }
    }

    /** 400 "Insufficient wallet balance" with the first short currency in {@code details} and all in {@code shortfalls}. */
    static final class InsufficientBalanceException extends RuntimeException {
        final List<Map<String, Object>> shortfalls;

        InsufficientBalanceException(List<Map<String, Object>> shortfalls) {
            super("Insufficient wallet balance", null, false, false);
            this.shortfalls = shortfalls;
        }
    }

    // ---- processing ----

    /** POST …/batches/{id}/process: starts a pending batch now; a started one is left as it is. */
    ObjectNode process(String batchId) {
        Batch batch = batch(batchId);
        String status = status(batch);
        if (!"pending".equals(status) && !"processing".equals(status)) {
            throw SandboxApiException.badRequest("Batch " + batch.id + " is already " + status);
        }
        start(batch);
        return batchView(batch);
    }

    private void start(Batch batch) {
        synchronized (batch) {
            if (batch.startedAt != null) {
                return;
            }
            batch.startedAt = Instant.now();
        }
        sendFrom(batch, 0);
    }

    private void sendFrom(Batch batch, int index) {
        if (index >= batch.payments.size()) {
            return;
        }
        send(batch, batch.payments.get(index));
        scheduler.after(properties.getStepDelay(), () -> sendFrom(batch, index + 1));
    }

    private void send(Batch batch, Payment payment) {
        BulkRequests.Recipient r = payment.recipient;
        try {
            payment.customerKey = customers.keyFor(r.recipientPhone(), r.recipientName(), r.network());
            ObjectNode request = recipient(r);
            request.put("batchId", batch.id);
            payment.withdrawal = payouts.mobileMoney(KIND, r.reference(), batch.walletId, r.amount(), true,
                    payment.customerKey, r.network(), batch.callbackUrl, request, Outcomes.forPhone(r.recipientPhone()));
        } catch (SandboxApiException e) {
            payment.failure = e.getMessage();
            payment.failedAt = Instant.now();
            LOG.info("sandbox: bulk payment {} could not be sent: {}", r.reference(), e.getMessage());
        }
    }

    // ---- status ----

    /** PENDING (not sent), PROCESSING, SUCCESS or FAILED (§20.6). */
    String paymentStatus(Payment payment) {
        if (payment.failure != null) {
            return "FAILED";
        }
        SandboxTransaction withdrawal = payment.withdrawal;
        if (withdrawal == null) {
            return "PENDING";
        }
        String status = withdrawal.status();
        if ("SUCCESSFUL".equals(status) || "TRANSACTION_RETRY_SUCCESSFUL".equals(status)) {
            return "SUCCESS";
        }
        return Payouts.terminal(status) ? "FAILED" : "PROCESSING";
    }

    private Counts counts(Batch batch) {
        int success = 0;
        int failed = 0;
        for (Payment p : batch.payments) {
            String status = paymentStatus(p);
            if ("SUCCESS".equals(status)) {
                success++;
            } else if ("FAILED".equals(status)) {
                failed++;
            }
        }
        return new Counts(batch.payments.size(), success, failed);
    }

    private record Counts(int total, int success, int failed) {
        int pending() {
            return total - success - failed;
        }
    }

    String status(Batch batch) {
        Counts counts = counts(batch);
        if (batch.startedAt == null) {
            return "pending";
        }
        if (counts.pending() > 0) {
            return "processing";
        }
        if (counts.failed() == 0) {
            return "completed";
        }
        return counts.success() == 0 ? "failed" : "completed_with_errors";
    }

    private Instant completedAt(Batch batch) {
        if (counts(batch).pending() > 0) {
            return null;
        }
        return batch.payments.stream().map(this::completedAt).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(batch.startedAt);
    }

    private Instant completedAt(Payment payment) {
        if (payment.failure != null) {
            return payment.failedAt;
        }
        SandboxTransaction withdrawal = payment.withdrawal;
        return withdrawal == null || !Payouts.terminal(withdrawal.status()) ? null : withdrawal.completedAt();
    }

    // ---- lookups ----

    Batch batch(String id) {
        Batch batch = batches.get(id);
        if (batch == null) {
            throw SandboxApiException.notFound("Batch not found");
        }
        return batch;
    }

    Parent parent(String id) {
        Parent parent = parents.get(id);
        if (parent == null) {
            throw SandboxApiException.notFound("Bulk payment transaction not found");
        }
        return parent;
    }

    /** Batches newest first, filtered by status and currency when given. */
    List<Batch> batches(String status, String currency) {
        List<Batch> out = new ArrayList<>(batches.values());
        out.sort(Comparator.comparing((Batch b) -> b.createdAt).thenComparing(b -> b.id).reversed());
        return out.stream()
                .filter(b -> status == null || status.equalsIgnoreCase(status(b)))
                .filter(b -> currency == null || currency.equalsIgnoreCase(b.currency))
                .toList();
    }

    List<Parent> parents(String status, String currency) {
        List<Parent> out = new ArrayList<>(parents.values());
        out.sort(Comparator.comparing(Parent::createdAt).thenComparing(Parent::id).reversed());
        return out.stream()
                .filter(p -> status == null || status.equalsIgnoreCase(status(p)))
                .filter(p -> currency == null || p.batches().stream().anyMatch(b -> currency.equalsIgnoreCase(b.currency)))
                .toList();
    }

    List<Payment> payments(Batch batch, String status, String currency) {
        return batch.payments.stream()
                .filter(p -> status == null || status.equalsIgnoreCase(paymentStatus(p)))
                .filter(p -> currency == null || currency.equalsIgnoreCase(batch.currency))
                .toList();
    }

    // ---- views ----

    List<ObjectNode> wallets() {
        List<ObjectNode> out = new ArrayList<>();
        for (FiatWallet wallet : wallets.all()) {
            ObjectNode view = json.createObjectNode();
            view.put("id", wallet.id());
            view.put("name", wallet.name());
            view.put("currency", wallet.currency());
            view.put("balance", RateTable.plain(wallet.balance()));
            out.add(view);
        }
        return out;
    }

    /** BulkPaymentBatchResponse (§15.4), plus the parent {@code transactionId} a caller needs to track the upload. */
    ObjectNode batchView(Batch batch) {
        Counts counts = counts(batch);
        String status = status(batch);
        ObjectNode out = json.createObjectNode();
        out.put("id", batch.id);
        out.put("batchName", batch.parent.name());
        out.put("status", status);
        out.put("currency", batch.currency);
        out.put("totalAmount", total(batch.payments.stream().map(p -> p.recipient).toList()));
        out.put("totalPayments", counts.total());
        out.put("successfulPayments", counts.success());
        out.put("failedPayments", counts.failed());
        out.put("pendingPayments", counts.pending());
        out.put("createdAt", iso(batch.createdAt));
        out.put("transactionId", batch.parent.id());
        out.put("walletId", batch.walletId);
        var progress = out.putArray("progress");
        progress.add(step("validation", "completed", counts.total() + " recipients validated", batch.createdAt,
                batch.createdAt, json.createObjectNode().put("recipients", counts.total())));
        progress.add(step("creation", "completed", "Batch created", batch.createdAt, batch.createdAt,
                json.createObjectNode().put("walletId", batch.walletId)));
        String processing = switch (status) {
            case "pending" -> "pending";
            case "processing" -> "in_progress";
            case "failed" -> "failed";
            default -> "completed";
        };
        progress.add(step("payment_processing", processing, (counts.success() + counts.failed()) + " of "
                        + counts.total() + " payments completed", batch.startedAt, completedAt(batch),
                json.createObjectNode().put("successful", counts.success()).put("failed", counts.failed())
                        .put("pending", counts.pending())));
        return out;
    }

    private ObjectNode step(String name, String status, String message, Instant started, Instant completed,
                            ObjectNode details) {
        ObjectNode step = json.createObjectNode();
        step.put("step", name);
        step.put("status", status);
        step.put("message", message);
        step.put("startedAt", iso(started));
        step.put("completedAt", iso(completed));
        step.set("details", details);
        return step;
    }

    /** BulkPaymentDetailsResponse (§15.4). */
    ObjectNode paymentView(Payment payment) {
        BulkRequests.Recipient r = payment.recipient;
        SandboxTransaction withdrawal = payment.withdrawal;
        Payouts.Snapshot snapshot = withdrawal == null ? null : payouts.snapshot(withdrawal);
        ObjectNode out = json.createObjectNode();
        out.put("id", payment.id);
        out.put("recipientName", r.recipientName());
        out.put("recipientEmail", r.recipientEmail());
        out.put("recipientPhone", r.recipientPhone());
        out.put("amount", r.amount());
        out.put("currency", r.currency());
        out.put("reference", r.reference());
        out.put("status", paymentStatus(payment));
        out.put("customerKey", payment.customerKey);
        out.put("withdrawalId", snapshot == null ? null : snapshot.id());
        out.put("errorMessage", payment.failure != null ? payment.failure
                : snapshot == null ? null : snapshot.errorMessage());
        out.put("retryCount", 0);
        out.put("network", r.network());
        out.put("telcoId", snapshot == null ? null : snapshot.telcoId());
        out.put("fee", RateTable.plain(payment.fee));
        out.put("transactionAmount", RateTable.plain(r.amount().add(payment.fee)));
        out.put("createdAt", iso(payment.createdAt));
        out.put("completedAt", iso(completedAt(payment)));
        return out;
    }

    /** BulkPaymentTransactionResponse (§15.4); {@code totalAmount} only for a single-currency upload. */
    ObjectNode parentView(Parent parent) {
        ObjectNode out = json.createObjectNode();
        out.put("id", parent.id());
        out.put("transactionName", parent.name());
        out.put("description", parent.description());
        out.put("status", status(parent));
        out.putNull("fileName");
        out.put("totalBatches", parent.batches().size());
        out.put("totalRecipients", parent.batches().stream().mapToInt(b -> b.payments.size()).sum());
        if (parent.batches().size() == 1) {
            Batch only = parent.batches().get(0);
            out.put("totalAmount", total(only.payments.stream().map(p -> p.recipient).toList()));
        } else {
            out.putNull("totalAmount");
        }
        var currencies = out.putArray("currencies");
        parent.batches().forEach(b -> currencies.add(b.currency));
        out.put("completedBatches", (int) parent.batches().stream()
                .filter(b -> status(b).startsWith("completed")).count());
        out.put("failedBatches", (int) parent.batches().stream().filter(b -> "failed".equals(status(b))).count());
        out.put("createdAt", iso(parent.createdAt()));
        out.put("createdBy", properties.getIntegratorId());
        var list = out.putArray("batches");
        parent.batches().forEach(b -> list.add(batchView(b)));
        return out;
    }

    /** The parent's status: the batches' when they agree, else processing until all are final. */
    String status(Parent parent) {
        List<String> statuses = parent.batches().stream().map(this::status).toList();
        if (statuses.stream().allMatch("pending"::equals)) {
            return "pending";
        }
        if (statuses.stream().anyMatch(s -> "pending".equals(s) || "processing".equals(s))) {
            return "processing";
        }
        if (statuses.stream().allMatch("completed"::equals)) {
            return "completed";
        }
        return statuses.stream().allMatch("failed"::equals) ? "failed" : "completed_with_errors";
    }

    ObjectNode stats(String status, String currency) {
        List<Batch> selected = batches(status, currency);
        int payments = 0;
        int success = 0;
        int failed = 0;
        Map<String, ObjectNode> perCurrency = new LinkedHashMap<>();
        List<Batch> oldestFirst = new ArrayList<>(selected);
        Collections.reverse(oldestFirst);
        for (Batch batch : oldestFirst) {
            Counts counts = counts(batch);
            payments += counts.total();
            success += counts.success();
            failed += counts.failed();
            ObjectNode entry = perCurrency.computeIfAbsent(batch.currency, c -> json.createObjectNode()
                    .put("totalAmount", BigDecimal.ZERO).put("totalBatches", 0).put("totalPayments", 0));
            entry.put("totalAmount", RateTable.plain(entry.get("totalAmount").decimalValue()
                    .add(total(batch.payments.stream().map(p -> p.recipient).toList()))));
            entry.put("totalBatches", entry.get("totalBatches").intValue() + 1);
            entry.put("totalPayments", entry.get("totalPayments").intValue() + counts.total());
        }
        ObjectNode out = json.createObjectNode();
        out.put("totalBatches", selected.size());
        out.put("totalSuccessfulPayments", success);
        out.put("totalFailedPayments", failed);
        out.put("averageBatchSize", selected.isEmpty() ? BigDecimal.ZERO
                : RateTable.plain(BigDecimal.valueOf(payments).divide(BigDecimal.valueOf(selected.size()), 2,
                RoundingMode.HALF_UP)));
        out.put("successRate", success + failed == 0 ? BigDecimal.ZERO
                : RateTable.plain(BigDecimal.valueOf(success * 100L).divide(BigDecimal.valueOf(success + failed), 2,
                RoundingMode.HALF_UP)));
        ObjectNode breakdown = out.putObject("currencyBreakdown");
        perCurrency.forEach(breakdown::set);
        return out;
    }

    private ObjectNode recipient(BulkRequests.Recipient r) {
        ObjectNode out = json.createObjectNode();
        out.put("recipientName", r.recipientName());
        out.put("recipientEmail", r.recipientEmail());
        out.put("recipientPhone", r.recipientPhone());
        out.put("amount", r.amount());
        out.put("currency", r.currency());
        out.put("reference", r.reference());
        out.put("network", r.network());
        return out;
    }

    private static BigDecimal total(List<BulkRequests.Recipient> recipients) {
        return RateTable.plain(recipients.stream().map(BulkRequests.Recipient::amount)
                .reduce(BigDecimal.ZERO, BigDecimal::add));
    }

    private static String iso(Instant at) {
        return RampJson.iso(at);
    }

    @Override
    public void reset() {
        parents.clear();
        batches.clear();
        reserved.clear();
        uploadedHashes.clear();
        createRequests.clear();
    }
}
