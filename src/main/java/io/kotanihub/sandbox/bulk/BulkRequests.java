package io.kotanihub.sandbox.bulk;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.kotanihub.sandbox.payments.Countries;
import io.kotanihub.sandbox.ramps.RampJson;
import io.kotanihub.sandbox.ramps.RampRules;
import io.kotanihub.sandbox.ramps.RateTable;
import io.kotanihub.sandbox.wallets.FiatWallet;
import io.kotanihub.sandbox.wallets.WalletBook;
import io.kotanihub.sandbox.web.Validation;

/**
 * Validation of the preview and create body ({@code CreateBulkPaymentRequest}, §15.3): every problem is listed
 * (nested members named as the API's validator names them, e.g. {@code recipients.2.amount}), including duplicate
 * references inside the request, references already used by earlier payments, and currencies without a usable
 * wallet of that currency in {@code walletSelections}.
 */
final class BulkRequests {

    /** Decimal places a bulk amount may have (as a single withdrawal's). */
    static final int MINOR_UNITS = 2;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    /** One recipient of the request. */
    record Recipient(String recipientName, String recipientEmail, String recipientPhone, BigDecimal amount,
                     String currency, String reference, String network) { }

    /** A valid request: the recipients in request order and the wallet of each currency. */
    record Plan(String batchName, String batchDescription, String callbackUrl, List<Recipient> recipients,
                Map<String, FiatWallet> wallets) {
        /** Currencies in order of first appearance. */
        List<String> currencies() {
            Set<String> currencies = new LinkedHashSet<>();
            recipients.forEach(r -> currencies.add(r.currency()));
            return List.copyOf(currencies);
        }

        List<Recipient> of(String currency) {
            return recipients.stream().filter(r -> r.currency().equals(currency)).toList();
        }
    }

    private BulkRequests() { }

    static Plan validate(JsonNode body, WalletBook wallets, Predicate<String> usedReference) {
        Validation v = Validation.of(body);
        v.requireString("batchName");
        if (RampJson.present(body, "batchDescription")) {
            v.check(body.get("batchDescription").isTextual(), "batchDescription must be a string");
        }
        RampRules.callbackUrl(v, body);
        List<Recipient> recipients = recipients(v, body.get("recipients"));
        Map<String, FiatWallet> selected = wallets(v, body.get("walletSelections"), wallets);

        Map<String, Integer> seen = new LinkedHashMap<>();
        recipients.forEach(r -> seen.merge(r.reference(), 1, Integer::sum));
        List<String> duplicates = seen.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                .toList();
        v.check(duplicates.isEmpty(), "Duplicate references found: " + String.join(", ", duplicates));
        List<String> used = seen.keySet().stream().filter(usedReference).toList();
        v.check(used.isEmpty(), "References already used: " + String.join(", ", used));
        Set<String> currencies = new LinkedHashSet<>();
        recipients.forEach(r -> currencies.add(r.currency()));
        for (String currency : currencies) {
            v.check(selected.containsKey(currency), "walletSelections must include a wallet for " + currency);
        }
        v.validate();
        return new Plan(RampJson.text(body, "batchName"), RampJson.text(body, "batchDescription"),
                RampJson.text(body, "callbackUrl"), recipients, selected);
    }

    /** The well-formed recipients (problems are added to {@code v}). */
    private static List<Recipient> recipients(Validation v, JsonNode list) {
        List<Recipient> out = new ArrayList<>();
        if (list == null || !list.isArray()) {
            v.check(false, "recipients must be an array");
            return out;
        }
        v.check(!list.isEmpty(), "recipients should not be empty");
        for (int i = 0; i < list.size(); i++) {
            JsonNode r = list.get(i);
            String label = "recipients." + i;
            if (!r.isObject()) {
                v.check(false, label + " must be an object");
                continue;
            }
            boolean ok = true;
            for (String field : List.of("recipientName", "recipientEmail", "recipientPhone", "currency",
                    "reference", "network")) {
                if (RampJson.text(r, field) == null) {
                    v.check(false, label + "." + field + " should not be empty");
                    ok = false;
                }
            }
            String email = RampJson.text(r, "recipientEmail");
            if (email != null && !EMAIL.matcher(email).matches()) {
                v.check(false, label + ".recipientEmail must be an email");
                ok = false;
            }
            String phone = RampJson.text(r, "recipientPhone");
            if (phone != null && !Countries.isInternationalNumber(phone)) {
                v.check(false, label + ".recipientPhone must be a valid phone number");
                ok = false;
            }
            String currency = Optional.ofNullable(RampJson.text(r, "currency"))
                    .map(c -> c.toUpperCase(Locale.ROOT)).orElse(null);
            if (currency != null && Countries.byCurrency(currency).isEmpty()) {
                v.check(false, label + ".currency must be a supported currency code");
                ok = false;
            }
            String network = RampJson.text(r, "network");
            if (network != null && !RampRules.NETWORKS.contains(network)) {
                v.check(false, label + ".network must be one of the following values: "
                        + String.join(", ", RampRules.NETWORKS));
                ok = false;
            }
            BigDecimal amount = RampJson.number(r, "amount");
            if (amount == null || amount.signum() <= 0) {
                v.check(false, label + ".amount must be a positive number");
                ok = false;
            } else if (currency != null && amount.stripTrailingZeros().scale() > MINOR_UNITS) {
                // the cents a withdrawal of the currency accepts (§10.1; only fees are rounded to whole units, §1)
                v.check(false, label + ".amount must have at most " + MINOR_UNITS + " decimal places for " + currency);
                ok = false;
            }
            if (ok) {
                out.add(new Recipient(RampJson.text(r, "recipientName"), email, phone, RateTable.plain(amount),
                        currency, RampJson.text(r, "reference"), network));
            }
        }
        return out;
    }

    /** The usable wallet selected for each currency (problems are added to {@code v}). */
    private static Map<String, FiatWallet> wallets(Validation v, JsonNode list, WalletBook wallets) {
        Map<String, FiatWallet> out = new LinkedHashMap<>();
        if (list == null || !list.isArray()) {
            v.check(false, "walletSelections must be an array");
            return out;
        }
        v.check(!list.isEmpty(), "walletSelections should not be empty");
        for (int i = 0; i < list.size(); i++) {
            JsonNode selection = list.get(i);
            String label = "walletSelections." + i;
            String currency = Optional.ofNullable(RampJson.text(selection, "currency"))
                    .map(c -> c.toUpperCase(Locale.ROOT)).orElse(null);
            String walletId = RampJson.text(selection, "walletId");
            v.check(currency != null, label + ".currency should not be empty");
            v.check(walletId != null, label + ".walletId should not be empty");
            if (currency == null || walletId == null) {
                continue;
            }
            Optional<FiatWallet> wallet = wallets.find(walletId);
            if (wallet.isEmpty()) {
                v.check(false, label + ".walletId: " + WalletBook.NOT_FOUND);
            } else if (!wallet.get().currency().equals(currency)) {
                v.check(false, label + ".walletId is a " + wallet.get().currency() + " wallet, not " + currency);
            } else if (wallet.get().locked()) {
                v.check(false, label + ".walletId: " + WalletBook.LOCKED);
            } else if (out.putIfAbsent(currency, wallet.get()) != null) {
                v.check(false, label + ": more than one wallet selected for " + currency);
            }
        }
        return out;
    }
}
