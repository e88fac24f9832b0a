package io.kotanihub.sandbox.ramps;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.kotanihub.sandbox.core.PhoneOutcomes.Outcome;
import io.kotanihub.sandbox.payments.Countries;
import io.kotanihub.sandbox.payments.Outcomes;
import io.kotanihub.sandbox.web.Validation;

/**
 * Validation of {@code POST /api/v3/offramp} (§13.1, §13.3): every problem is collected and reported at once, and
 * the one receiver object is resolved to who gets paid and how that payout ends.
 */
final class OfframpRequests {

    static final List<String> RECEIVERS = List.of("mobileMoneyReceiver", "bankReceiver", "lipaNaMpesaReceiver",
            "paybillReceiver");
    private static final List<String> BANK_COUNTRIES = List.of("KE", "ZA", "NG");

    /** The receiver: its object name, phone and name when known, the payout's outcome, Kenya-only or not. */
    record Receiver(String type, String phone, String accountName, String network, Outcome outcome,
                    boolean kenyaOnly) { }

    private OfframpRequests() { }

    static Receiver validate(JsonNode body) {
        Validation v = Validation.of(body);
        List<String> given = new ArrayList<>();
        for (String name : RECEIVERS) {
            if (RampJson.present(body, name)) {
                given.add(name);
            }
        }
        v.check(given.size() == 1, "exactly one of " + String.join(", ", RECEIVERS) + " must be given");
        for (String name : given) {
            JsonNode receiver = RampJson.object(body, name);
            if (receiver == null) {
                v.check(false, name + " must be an object");
                continue;
            }
            switch (name) {
                case "mobileMoneyReceiver" -> {
                    v.requireString(receiver, "phoneNumber", name + ".phoneNumber");
                    v.requireString(receiver, "accountName", name + ".accountName");
                    RampRules.oneOf(v, receiver, "networkProvider", name + ".networkProvider", RampRules.NETWORKS,
                            true);
                }
                case "bankReceiver" -> {
                    v.requireString(receiver, "name", name + ".name");
                    v.requireString(receiver, "address", name + ".address");
                    v.requireString(receiver, "accountNumber", name + ".accountNumber");
                    String country = RampJson.text(receiver, "country");
                    String iso2 = country == null ? null : Countries.iso2(country).orElse(null);
                    v.check(country != null, name + ".country should not be empty");
                    v.check(country == null || BANK_COUNTRIES.contains(iso2), name
                            + ".country must be one of the following values: " + String.join(", ", BANK_COUNTRIES));
                    v.check(!"KE".equals(iso2) && !"NG".equals(iso2) || RampJson.text(receiver, "bankCode") != null,
                            name + ".bankCode should not be empty");
                    v.check(!"ZA".equals(iso2) || RampJson.text(receiver, "bankName") != null,
                            name + ".bankName should not be empty");
                }
                case "lipaNaMpesaReceiver" -> v.requireString(receiver, "businessShortcode",
                        name + ".businessShortcode");
                default -> {
                    v.requireString(receiver, "paybillNumber", name + ".paybillNumber");
                    v.requireString(receiver, "accountNumber", name + ".accountNumber");
                }
            }
        }
        v.requirePositiveNumber("cryptoAmount");
        String currency = RateController.upper(RampJson.text(body, "currency"));
        RateController.requireFiat(v, "currency", currency);
        RampRules.oneOf(v, body, "chain", "chain", RateTable.CHAINS, true);
        RampRules.oneOf(v, body, "token", "token", RateTable.TOKENS, true);
        String token = RampJson.text(body, "token");
        if (RampJson.number(body, "cryptoAmount") != null && RateTable.isPricedToken(token)) {
            RateController.checkPrecision(v, "cryptoAmount", RampJson.number(body, "cryptoAmount"), token);
        }
        v.requireString("referenceId");
        RampRules.optionalString(v, body, "senderAddress");
        RampRules.callbackUrl(v, body);
        RampRules.optionalString(v, body, "rateId");
        refundConfig(v, body);
        v.validate();
        return receiver(body, given.get(0));
    }

    /** §13.3: accepted and stored; only the members' types are checked here (usability is decided at refund time). */
    private static void refundConfig(Validation v, JsonNode body) {
        if (!RampJson.present(body, "refund_config")) {
            return;
        }
        JsonNode config = RampJson.object(body, "refund_config");
        if (config == null) {
            v.check(false, "refund_config must be an object");
            return;
        }
        for (String field : List.of("bolt11", "payment_hash", "address")) {
            if (RampJson.present(config, field)) {
                v.check(RampJson.text(config, field) != null, "refund_config." + field + " must be a string");
            }
        }
        if (RampJson.present(config, "amount_msat")) {
            JsonNode amount = config.get("amount_msat");
            v.check(amount.isIntegralNumber() && amount.longValue() > 0,
                    "refund_config.amount_msat must be a positive integer");
        }
        if (RampJson.present(config, "expires_at")) {
            String expiresAt = RampJson.text(config, "expires_at");
            v.check(expiresAt != null && RefundInvoices.parseInstant(expiresAt).isPresent(),
                    "refund_config.expires_at must be a valid ISO 8601 date string");
        }
        RampRules.url(v, config, "generate_invoice_url", "refund_config.generate_invoice_url");
        String chain = RampJson.text(body, "chain");
        String address = RampJson.text(config, "address");
        if (address != null && chain != null && RateTable.CHAINS.contains(chain)) {
            v.check(!"LIGHTNING".equals(chain) && CryptoAddresses.valid(chain, address),
                    "refund_config.address must be a valid " + chain + " address");
        }
    }

    private static Receiver receiver(JsonNode body, String type) {
        JsonNode receiver = body.get(type);
        return switch (type) {
            case "mobileMoneyReceiver" -> new Receiver(type, RampJson.text(receiver, "phoneNumber"),
                    RampJson.text(receiver, "accountName"), RampJson.text(receiver, "networkProvider"),
                    Outcomes.forPhone(RampJson.text(receiver, "phoneNumber")), false);
            case "bankReceiver" -> new Receiver(type, RampJson.text(receiver, "phoneNumber"),
                    RampJson.text(receiver, "name"), null,
                    Outcomes.forBank(RampJson.text(receiver, "phoneNumber"), RampJson.text(receiver, "accountNumber")),
                    false);
            case "lipaNaMpesaReceiver" -> new Receiver(type, null, null, null,
                    Outcomes.forShortcode(null, RampJson.text(receiver, "businessShortcode")), true);
            default -> new Receiver(type, null, null, null,
                    Outcomes.forShortcode(null, RampJson.text(receiver, "paybillNumber")), true);
        };
    }
}
