package io.kotanihub.kotani;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.model.PaymentCommand;
import io.kotanihub.model.PaymentMethod;
import io.kotanihub.model.Recipient;

/**
 * Maps a canonical payout command to Kotani's payout endpoints (REFERENCE §10), each with its own field names and
 * casing: mobile money (§10.1: {@code customer_key} snake_case beside camelCase {@code walletId},
 * {@code referenceId}), Lipa na M-Pesa till (§10.2: {@code lipaNaMpesaDetails}), paybill (§10.3:
 * {@code paybillDetails}) and bank v2 (§10.4: {@code bankDetails}, no wallet; South Africa also needs
 * {@code bankName}, for which the bank code is sent: South African codes in §6.3 are bank names such as {@code FNB}). The hub's reference is always sent as
 * {@code referenceId}, Kotani's idempotency key. Amounts are JSON numbers with the command's exact digits.
 */
public final class PayoutRequests {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private PayoutRequests() { }

    /**
     * @param customerKey the Kotani customer of the recipient's phone (mobile money only, else ignored)
     * @param walletId    the payout wallet for the currency (all but bank)
     * @param callbackUrl where Kotani should report status changes, or null
     */
    public static PayoutRequest of(PaymentCommand cmd, String customerKey, String walletId, String callbackUrl) {
        Recipient r = cmd.recipient();
        ObjectNode body = NODES.objectNode();
        KotaniEndpoint endpoint;
        switch (cmd.method()) {
            case MOBILE_MONEY -> {
                endpoint = KotaniEndpoint.WITHDRAW_MOBILE_MONEY;
                body.put("customer_key", required(customerKey, "customer key"));
                body.put("amount", cmd.amount());
                body.put("walletId", required(walletId, "wallet id"));
                body.put("referenceId", cmd.reference());
                body.put("currency", cmd.currency());
                putIfPresent(body, "network", r.network());
            }
            case TILL -> {
                endpoint = KotaniEndpoint.WITHDRAW_TILL;
                body.put("amount", cmd.amount());
                body.put("walletId", required(walletId, "wallet id"));
                body.put("referenceId", cmd.reference());
                ObjectNode details = body.putObject("lipaNaMpesaDetails");
                details.put("businessShortcode", r.tillNumber());
                putIfPresent(details, "accountReference", r.accountReference());
                putIfPresent(details, "transactionDesc", cmd.narration());
                putIfPresent(details, "phoneNumber", r.phone());
            }
            case PAYBILL -> {
                endpoint = KotaniEndpoint.WITHDRAW_PAYBILL;
                body.put("amount", cmd.amount());
                body.put("walletId", required(walletId, "wallet id"));
                body.put("referenceId", cmd.reference());
                ObjectNode details = body.putObject("paybillDetails");
                details.put("paybillNumber", r.paybillNumber());
                details.put("accountNumber", r.accountReference());
                putIfPresent(details, "phoneNumber", r.phone());
                putIfPresent(details, "remarks", cmd.narration());
            }
            case BANK -> {
                endpoint = KotaniEndpoint.WITHDRAW_BANK;
                ObjectNode details = body.putObject("bankDetails");
                details.put("name", r.name());
                putIfPresent(details, "phoneNumber", r.phone());
                details.put("bankCode", r.bankCode());
                if ("ZA".equals(cmd.country())) {
                    details.put("bankName", r.bankCode());
                }
                details.put("accountNumber", r.accountNumber());
                details.put("country", cmd.country());
                body.put("currency", cmd.currency());
                body.put("amount", cmd.amount());
                body.put("referenceId", cmd.reference());
            }
            default -> throw new IllegalArgumentException("no Kotani payout endpoint for " + cmd.method());
        }
        putIfPresent(body, "callbackUrl", callbackUrl);
        return new PayoutRequest(endpoint, body);
    }

    /** The status endpoint of a payout made with {@code method} (bank v2 has its own, §10.4). */
    public static KotaniEndpoint statusEndpoint(PaymentMethod method) {
        return method == PaymentMethod.BANK ? KotaniEndpoint.BANK_WITHDRAW_STATUS : KotaniEndpoint.WITHDRAW_STATUS;
    }

    /** The create endpoint of a payout made with {@code method}. */
    public static KotaniEndpoint createEndpoint(PaymentMethod method) {
        return switch (method) {
            case MOBILE_MONEY -> KotaniEndpoint.WITHDRAW_MOBILE_MONEY;
            case BANK -> KotaniEndpoint.WITHDRAW_BANK;
            case PAYBILL -> KotaniEndpoint.WITHDRAW_PAYBILL;
            case TILL -> KotaniEndpoint.WITHDRAW_TILL;
        };
    }

    /** Whether the method needs a payout wallet id (bank v2 takes none) or a mobile-money customer. */
    public static boolean needsWallet(PaymentMethod method) {
        return method != PaymentMethod.BANK;
    }

    public static boolean needsCustomer(PaymentMethod method) {
        return method == PaymentMethod.MOBILE_MONEY;
    }

    private static String required(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a payout needs a " + what);
        }
        return value;
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null && !value.isBlank()) {
            node.put(field, value);
        }
    }
}
