package io.kotanihub.sandbox.payments;

import java.math.BigDecimal;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.sandbox.core.SandboxTransaction;

/** Attribute names this package keeps on a {@link SandboxTransaction}, and null-safe access to them. */
final class Tx {

    static final String AMOUNT = "amount";
    static final String CURRENCY = "currency";
    static final String COUNTRY = "country";
    static final String WALLET = "walletId";
    static final String CUSTOMER = "customerKey";
    static final String CALLBACK = "callbackUrl";
    static final String COST = "transactionCost";
    static final String TX_AMOUNT = "transactionAmount";
    static final String NETWORK = "network";
    static final String TELCO = "telcoId";
    static final String CONFIRMATION = "confirmationId";
    static final String PROVIDER_REFERENCE = "providerReference";
    static final String ERROR_MESSAGE = "errorMessage";
    static final String ERROR_CODE = "errorCode";
    static final String ERROR_DESCRIPTION = "errorDescription";
    /** What the payout currently holds of the wallet's payout balance (zero once reversed). */
    static final String DEBITED = "debited";
    /** What the payout takes from the payout balance when it is (re-)debited, when that is not {@link #AMOUNT}. */
    static final String DEBIT_AMOUNT = "debitAmount";
    static final String CREDITED = "credited";
    static final String BANK_NAME = "bankName";
    static final String BANK_CODE = "bankCode";
    static final String PAYMENT_BRAND = "paymentBrand";
    /** Hosted checkout or 3-D Secure page the customer is sent to ("" when none). */
    static final String REDIRECT_URL = "redirectUrl";
    /** {@code bankPaymentDetails} of a KES or NGN bank checkout (an ObjectNode). */
    static final String BANK_DETAILS = "bankPaymentDetails";
    /** A card deposit waiting for its 3-D Secure challenge: the outcome to start once it is passed. */
    static final String AWAITING_3DS = "awaiting3ds";
    /** Members identifying what started a deposit (a payment link), appended to its status and its events. */
    static final String ORIGIN = "origin";
    static final String INITIAL_DEPOSIT = "initialDepositBalance";
    static final String FINAL_DEPOSIT = "finalDepositBalance";

    static final String DEPOSIT_EVENT = "transaction.deposit.status.updated";
    static final String WITHDRAWAL_EVENT = "transaction.withdrawal.status.updated";

    /** Statuses after which a payout's debit is given back (§10, §23). */
    static final Set<String> REVERSING = Set.of("FAILED", "EXPIRED", "CANCELLED", "DECLINED", "REVERSED",
            "TRANSACTION_RETRY_FAILED");
    static final Set<String> TERMINAL = Set.of("SUCCESSFUL", "SUCCESS", "FAILED", "EXPIRED", "CANCELLED", "DECLINED",
            "REVERSED", "PERMANENTLY_FAILED", "TRANSACTION_RETRY_SUCCESSFUL", "TRANSACTION_RETRY_FAILED");

    private Tx() { }

    /** Sets an attribute; null removes it (the attribute map holds no nulls). */
    static void put(SandboxTransaction txn, String name, Object value) {
        if (value == null) {
            txn.attributes().remove(name);
        } else {
            txn.attributes().put(name, value);
        }
    }

    static BigDecimal decimal(SandboxTransaction txn, String name) {
        return txn.decimal(name);
    }

    static String text(SandboxTransaction txn, String name) {
        return txn.text(name);
    }

    /** The origin members of a deposit started by another feature, or null. */
    static ObjectNode origin(SandboxTransaction txn) {
        Object value = txn.attributes().get(ORIGIN);
        return value == null ? null : (ObjectNode) value;
    }

    static String textOrEmpty(SandboxTransaction txn, String name) {
        String value = txn.text(name);
        return value == null ? "" : value;
    }
}
