package io.kotanihub.ingest.rest;

import java.math.BigDecimal;

import io.kotanihub.model.PaymentCommand;
import io.kotanihub.model.PaymentMethod;
import io.kotanihub.model.PaymentType;
import io.kotanihub.model.Recipient;

/** Payment commands for the REST tests. */
final class RestPaymentsTestCommands {

    private RestPaymentsTestCommands() { }

    static PaymentCommand payout(String reference, String amount, String phone) {
        return new PaymentCommand(reference, PaymentType.PAYOUT, PaymentMethod.MOBILE_MONEY, new BigDecimal(amount),
                "KES", null, new Recipient("Jane Doe", phone, "MPESA", null, null, null, null, null), null, null,
                null);
    }
}
