package io.kotanihub.kotani;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.model.CryptoLeg;
import io.kotanihub.model.PaymentCommand;
import io.kotanihub.model.Recipient;

/**
 * Maps ONRAMP and OFFRAMP commands to Kotani's ramp endpoints, camelCase (with the one snake_case member
 * {@code refund_config}):
 * <ul>
 *   <li>onramp (REFERENCE §12.1): {@code mobileMoney {phoneNumber, accountName, providerNetwork}} from the recipient
 *       (who pays), {@code fiatAmount} and {@code currency} from the command, {@code chain}, {@code token},
 *       {@code receiverAddress} from its {@code crypto} member;</li>
 *   <li>offramp (§13.1): one receiver object by method ({@code mobileMoneyReceiver}, {@code paybillReceiver},
 *       {@code lipaNaMpesaReceiver}), {@code cryptoAmount} and {@code token} from the command's amount and currency,
 *       {@code currency} = {@code crypto.fiatCurrency}, {@code chain}, {@code senderAddress} ({@code crypto.address};
 *       left out: the integrator's own wallet) and {@code refund_config.address} ({@code crypto.refundAddress}).</li>
 * </ul>
 * The hub's reference is sent as {@code referenceId}; no rate is locked (the quote of the moment applies).
 */
public final class RampRequests {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private RampRequests() { }

    public static PayoutRequest onramp(PaymentCommand cmd, String callbackUrl) {
        CryptoLeg crypto = crypto(cmd);
        Recipient r = cmd.recipient();
        ObjectNode body = NODES.objectNode();
        ObjectNode mobileMoney = body.putObject("mobileMoney");
        mobileMoney.put("phoneNumber", r.phone());
        mobileMoney.put("accountName", r.name());
        mobileMoney.put("providerNetwork", r.network());
        body.put("fiatAmount", cmd.amount());
        body.put("currency", cmd.currency());
        body.put("chain", crypto.chain());
        body.put("token", crypto.token());
        body.put("receiverAddress", crypto.address());
        body.put("referenceId", cmd.reference());
        putIfPresent(body, "callbackUrl", callbackUrl);
        return new PayoutRequest(KotaniEndpoint.ONRAMP, body);
    }

    public static PayoutRequest offramp(PaymentCommand cmd, String callbackUrl) {
        CryptoLeg crypto = crypto(cmd);
        Recipient r = cmd.recipient();
        ObjectNode body = NODES.objectNode();
        switch (cmd.method()) {
            case MOBILE_MONEY -> {
                ObjectNode receiver = body.putObject("mobileMoneyReceiver");
                receiver.put("phoneNumber", r.phone());
                receiver.put("accountName", r.name());
                receiver.put("networkProvider", r.network());
            }
            case PAYBILL -> {
                ObjectNode receiver = body.putObject("paybillReceiver");
                receiver.put("paybillNumber", r.paybillNumber());
                receiver.put("accountNumber", r.accountReference());
                putIfPresent(receiver, "remarks", cmd.narration());
            }
            case TILL -> {
                ObjectNode receiver = body.putObject("lipaNaMpesaReceiver");
                receiver.put("businessShortcode", r.tillNumber());
                putIfPresent(receiver, "accountReference", r.accountReference());
                putIfPresent(receiver, "transactionDesc", cmd.narration());
            }
            default -> throw new IllegalArgumentException("no Kotani offramp receiver for " + cmd.method());
        }
        body.put("cryptoAmount", cmd.amount());
        body.put("currency", crypto.fiatCurrency());
        body.put("chain", crypto.chain());
        body.put("token", cmd.currency());
        body.put("referenceId", cmd.reference());
        putIfPresent(body, "senderAddress", crypto.address());
        putIfPresent(body, "callbackUrl", callbackUrl);
        if (crypto.refundAddress() != null) {
            body.putObject("refund_config").put("address", crypto.refundAddress());
        }
        return new PayoutRequest(KotaniEndpoint.OFFRAMP, body);
    }

    private static CryptoLeg crypto(PaymentCommand cmd) {
        if (cmd.crypto() == null) {
            throw new IllegalArgumentException(cmd.type() + " needs the command's crypto member");
        }
        return cmd.crypto();
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null && !value.isBlank()) {
            node.put(field, value);
        }
    }
}
