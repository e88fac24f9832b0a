package io.kotanihub.sandbox.payments;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.sandbox.SandboxProperties;
import io.kotanihub.sandbox.core.Family;
import io.kotanihub.sandbox.core.PhoneOutcomes.Outcome;
import io.kotanihub.sandbox.core.SandboxFaults;
import io.kotanihub.sandbox.core.SandboxStore;
import io.kotanihub.sandbox.core.SandboxTransaction;
import io.kotanihub.sandbox.wallets.FiatWallet;
import io.kotanihub.sandbox.web.DroppedResponseException;
import io.kotanihub.sandbox.web.SandboxApiException;
import io.kotanihub.sandbox.web.Validation;
import org.springframework.stereotype.Component;

/**
 * What every deposit and withdrawal create shares: validation that still counts the call, atomic creation with the
 * duplicate-reference answer of §2.4, starting the outcome engine, the dropped-response fault, the currency rule,
 * and the {@code {data, meta}} transaction lists of §9.3 and §10.6.
 */
@Component
class PaymentSupport {

    private final SandboxStore store;
    private final SandboxFaults faults;
    private final SandboxProperties properties;
    private final PaymentEngine engine;

    PaymentSupport(SandboxStore store, SandboxFaults faults, SandboxProperties properties, PaymentEngine engine) {
        this.store = store;
        this.faults = faults;
        this.properties = properties;
        this.engine = engine;
    }

    /** Fails with every validation problem; a call that names a reference still counts as a create call for it. */
    void validate(Validation validation, Family family, String reference) {
        try {
            validation.validate();
        } catch (SandboxApiException rejected) {
            countRejected(family, reference);
            throw rejected;
        }
    }

    private void countRejected(Family family, String reference) {
        if (reference == null) {
            return;
        }
        try {
            store.create(family, reference, () -> {
                throw new NotCreated();
            });
        } catch (NotCreated expected) {
            // the call is counted, nothing is created
        }
    }

    private static final class NotCreated extends RuntimeException {
        NotCreated() {
            super(null, null, false, false);
        }
    }

    /**
     * Creates the transaction unless its reference is used (then 400, or {@code duplicate-status}, with
     * {@code duplicateMessage}; nothing new is created). A failing {@code factory} creates nothing.
     */
    SandboxTransaction create(Family family, String reference, String duplicateMessage,
                              Supplier<SandboxTransaction> factory) {
        SandboxStore.Created created = store.create(family, reference, factory);
        if (!created.created()) {
            throw new SandboxApiException(properties.getDuplicateStatus(), duplicateMessage);
        }
        return created.transaction();
    }

    /** Starts the progression; then, if the dropped-response fault fires, the answer is lost. */
    void started(SandboxTransaction txn, Outcome outcome) {
        engine.start(txn, outcome);
        if (faults.dropResponse()) {
            throw new DroppedResponseException();
        }
    }

    SandboxTransaction newTransaction(Family family, String kind, String reference, JsonNode request,
                                      String initialStatus) {
        return new SandboxTransaction(SandboxStore.newId(), family, kind, reference, store.nextReferenceNumber(),
                ((ObjectNode) request).deepCopy(), initialStatus, Instant.now());
    }

    /** A reference for a create that gave none ("generated if omitted", §2.4). */
    static String generatedReference(String prefix) {
        return prefix + "-" + SandboxStore.newId();
    }

    /**
     * The currency of a transaction on {@code wallet}: the wallet's. An explicit {@code override} must equal it
     * (and then skips the country check, §9.1); otherwise the customer's country must use the wallet's currency.
     */
    static String currency(FiatWallet wallet, String customerCountry, String override) {
        if (override != null) {
            if (!override.equalsIgnoreCase(wallet.currency())) {
                throw SandboxApiException.badRequest("Currency " + override + " does not match the wallet currency "
                        + wallet.currency());
            }
            return wallet.currency();
        }
        Countries.byCode(customerCountry).ifPresent(country -> {
            if (!country.currency().equalsIgnoreCase(wallet.currency())) {
                throw SandboxApiException.badRequest("Wallet currency " + wallet.currency()
                        + " is not supported for customers in " + country.iso2() + " (" + country.currency() + ")");
            }
        });
        return wallet.currency();
    }

    /** Checks an optional member is a non-blank string when present. */
    static void optionalString(Validation validation, JsonNode body, String field) {
        JsonNode value = body.get(field);
        validation.check(value == null || value.isNull() || (value.isTextual() && !value.asText().isBlank()),
                field + " must be a non-empty string");
    }

    static void optionalUrl(Validation validation, JsonNode body, String field) {
        JsonNode value = body.get(field);
        validation.check(value == null || value.isNull()
                        || (value.isTextual() && value.asText().trim().matches("(?i)https?://\\S+")),
                field + " must be a URL address");
    }

    /** Query of the transaction lists (§9.3). */
    record ListQuery(String status, String startDate, String endDate, String telcoId, String currency,
                     String page, String perPage) { }

    /** {@code {data, meta}} of one family's transactions (newest first), filtered and paginated. */
    Map<String, Object> list(Family family, Predicate<SandboxTransaction> kinds, ListQuery query,
                             Function<SandboxTransaction, ObjectNode> view) {
        Validation validation = Validation.of(Json.object());
        Instant from = date(validation, "start_date", query.startDate(), false);
        Instant to = date(validation, "end_date", query.endDate(), true);
        Integer page = integer(query.page());
        Integer perPage = integer(query.perPage());
        validation.check(query.page() == null || (page != null && page >= 1), "page must not be less than 1");
        validation.check(query.perPage() == null || (perPage != null && perPage >= 1 && perPage <= 100),
                "per_page must be between 1 and 100");
        validation.validate();
        page = page == null ? 1 : page;
        perPage = perPage == null ? 20 : perPage;
        List<SandboxTransaction> matching = store.all().stream()
                .filter(t -> t.family() == family && kinds.test(t))
                .filter(t -> query.status() == null || query.status().equalsIgnoreCase(t.status()))
                .filter(t -> query.currency() == null || query.currency().equalsIgnoreCase(Tx.text(t, Tx.CURRENCY)))
                .filter(t -> query.telcoId() == null || query.telcoId().equals(Tx.text(t, Tx.TELCO)))
                .filter(t -> from == null || !t.createdAt().isBefore(from))
                .filter(t -> to == null || t.createdAt().isBefore(to))
                .sorted(Comparator.comparing(SandboxTransaction::createdAt)
                        .thenComparing(SandboxTransaction::referenceNumber).reversed())
                .toList();
        int start = Math.min(matching.size(), (page - 1) * perPage);
        List<ObjectNode> data = matching.subList(start, Math.min(matching.size(), start + perPage)).stream()
                .map(view).toList();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("total", matching.size());
        meta.put("page", page);
        meta.put("per_page", perPage);
        meta.put("total_pages", (matching.size() + perPage - 1) / perPage);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", data);
        body.put("meta", meta);
        return body;
    }

    /** A query parameter as an integer; null when absent or not a number. */
    static Integer integer(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Instant date(Validation validation, String name, String value, boolean endOfDay) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            LocalDate day = LocalDate.parse(value.trim().length() > 10 ? value.trim().substring(0, 10) : value.trim());
            return (endOfDay ? day.plusDays(1) : day).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            validation.check(false, name + " must be a valid ISO 8601 date string");
            return null;
        }
    }
}
