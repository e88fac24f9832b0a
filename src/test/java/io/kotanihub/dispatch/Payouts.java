package io.kotanihub.dispatch;

import java.math.BigDecimal;

import io.kotanihub.model.PaymentCommand;
import io.kotanihub.model.PaymentMethod;
import io.kotanihub.model.PaymentType;
import io.kotanihub.model.Recipient;

/** Payout commands for tests. */
final class Payouts {

    private Payouts() { }

    static PaymentCommand mobile(String reference, String amount, String currency, String phone) {
        return new PaymentCommand(reference, PaymentType.PAYOUT, PaymentMethod.MOBILE_MONEY, new BigDecimal(amount),
                currency, null, new Recipient("Jane Doe", phone, "MPESA", null, null, null, null, null), null, null, null);
    }

    static PaymentCommand bank(String reference, String amount, String account) {
        return new PaymentCommand(reference, PaymentType.PAYOUT, PaymentMethod.BANK, new BigDecimal(amount), "KES",
                "KE", new Recipient("Jane Doe", null, null, "01", account, null, null, null), null, null, null);
    }

    static PaymentCommand paybill(String reference, String amount, String paybill) {
        return new PaymentCommand(reference, PaymentType.PAYOUT, PaymentMethod.PAYBILL, new BigDecimal(amount), "KES",
                "KE", new Recipient(null, null, null, null, null, paybill, "ACC-1", null), "invoice 7", null, null);
    }

    static PaymentCommand till(String reference, String amount, String till) {
        return new PaymentCommand(reference, PaymentType.PAYOUT, PaymentMethod.TILL, new BigDecimal(amount), "KES",
                "KE", new Recipient(null, null, null, null, null, null, null, till), null, null, null);
    }
}
