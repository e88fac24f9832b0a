package io.kotanihub.sandbox.payments;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.sandbox.core.SandboxTransaction;

/**
 * Renders deposits and withdrawals with each endpoint's own field names, casing and member order: deposits in
 * snake_case (§9.1–9.3, §19.4), withdrawals in camelCase with the snake_case exceptions the reference lists
 * ({@code created_at}, {@code completed_at}; §10.1, §10.5, §19.4) and the snake_case list items of §10.6.
 */
final class PaymentViews {

    private PaymentViews() { }

    // ---- deposits ----

    /** DepositResponse (§9.1). */
    static ObjectNode depositCreated(SandboxTransaction txn) {
        ObjectNode out = Json.object();
        out.put("id", txn.id());
        out.put("message", "Deposit request sent successfully");
        out.put("reference_id", txn.reference());
        out.put("reference_number", txn.referenceNumber());
        out.put("customer_key", Tx.text(txn, Tx.CUSTOMER));
        out.put("redirect_url", "");
        return out;
    }

    /** DepositStatus (§9.2). */
    static ObjectNode depositStatus(SandboxTransaction txn) {
        ObjectNode out = Json.object();
        out.put("id", txn.id());
        Json.putAmount(out, "amount", Tx.decimal(txn, Tx.AMOUNT));
        out.put("wallet_id", Tx.text(txn, Tx.WALLET));
        out.put("status", txn.status());
        out.put("reference_id", txn.reference());
        out.put("reference_number", txn.referenceNumber());
        out.put("created_at", Json.time(txn.createdAt()));
        Json.putAmount(out, "transaction_cost", Tx.decimal(txn, Tx.COST));
        Json.putAmount(out, "transaction_amount", Tx.decimal(txn, Tx.TX_AMOUNT));
        out.put("customer_key", Tx.text(txn, Tx.CUSTOMER));
        out.put("callback_url", Tx.text(txn, Tx.CALLBACK));
        out.put("customer_redirect_url", Json.text(txn.request(), "customer_redirect_url"));
        out.put("customer_id_number", Json.text(txn.request(), "customer_id_number"));
        out.put("currency", Tx.text(txn, Tx.CURRENCY));
        out.put("provider", "SANDBOX");
        out.put("providerReference", Tx.text(txn, Tx.PROVIDER_REFERENCE));
        out.put("transactionError", Tx.textOrEmpty(txn, Tx.ERROR_CODE));
        out.put("retries", 0);
        out.put("network", Tx.text(txn, Tx.NETWORK));
        out.put("environment", "sandbox");
        out.put("updatedAt", Json.time(txn.updatedAt()));
        out.put("confirmation_id", Tx.text(txn, Tx.CONFIRMATION));
        Json.putAmount(out, "initialDepositBalance", Tx.decimal(txn, Tx.INITIAL_DEPOSIT));
        Json.putAmount(out, "finalDepositBalance", Tx.decimal(txn, Tx.FINAL_DEPOSIT));
        out.put("error_message", Tx.textOrEmpty(txn, Tx.ERROR_MESSAGE));
        out.put("error_code", Tx.textOrEmpty(txn, Tx.ERROR_CODE));
        out.put("error_description", Tx.textOrEmpty(txn, Tx.ERROR_DESCRIPTION));
        out.put("telco_id", Tx.text(txn, Tx.TELCO));
        out.put("bank_name", Tx.text(txn, Tx.BANK_NAME));
        out.put("bank_code", Tx.text(txn, Tx.BANK_CODE));
        out.put("payment_brand", Tx.text(txn, Tx.PAYMENT_BRAND));
        appendOrigin(out, txn);
        return out;
    }

    private static void appendOrigin(ObjectNode out, SandboxTransaction txn) {
        ObjectNode origin = Tx.origin(txn);
        if (origin != null) {
            out.setAll(origin.deepCopy());
        }
    }

    /** The {@code data} of {@code transaction.deposit.status.updated} (§19.4), in the order of its examples. */
    static ObjectNode depositEvent(SandboxTransaction txn) {
        ObjectNode out = Json.object();
        out.put("status", txn.status());
        out.put("reference_id", txn.reference());
        out.put("reference_number", txn.referenceNumber());
        out.put("id", txn.id());
        Json.putAmount(out, "amount", Tx.decimal(txn, Tx.AMOUNT));
        out.put("wallet_id", Tx.text(txn, Tx.WALLET));
        if (Tx.text(txn, Tx.CALLBACK) != null) {
            out.put("callback_url", Tx.text(txn, Tx.CALLBACK));
        }
        out.put("created_at", Json.time(txn.createdAt()));
        Json.putAmount(out, "transaction_amount", Tx.decimal(txn, Tx.TX_AMOUNT));
        Json.putAmount(out, "transaction_cost", Tx.decimal(txn, Tx.COST));
        out.put("customer_key", Tx.text(txn, Tx.CUSTOMER));
        if (Tx.text(txn, Tx.TELCO) != null) {
            out.put("telco_id", Tx.text(txn, Tx.TELCO));
        }
        for (String[] member : new String[][] {{"bank_name", Tx.BANK_NAME}, {"bank_code", Tx.BANK_CODE},
                {"payment_brand", Tx.PAYMENT_BRAND}}) {
            if (Tx.text(txn, member[1]) != null) {
                out.put(member[0], Tx.text(txn, member[1]));
            }
        }
        if (Tx.text(txn, Tx.ERROR_CODE) != null) {
            out.put("error_message", Tx.textOrEmpty(txn, Tx.ERROR_MESSAGE));
            out.put("error_description", Tx.textOrEmpty(txn, Tx.ERROR_DESCRIPTION));
            out.put("error_code", Tx.textOrEmpty(txn, Tx.ERROR_CODE));
            out.put("transactionError", "");
        }
        // the event's own time (§19.4 lists "timestamp" on status events): when the transaction reached this status
        out.put("timestamp", Json.time(txn.updatedAt()));
        appendOrigin(out, txn);
        return out;
    }

    /** An item of {@code GET /api/v3/deposit/mobile-money/transactions} (§9.3). */
    static ObjectNode depositListItem(SandboxTransaction txn) {
        ObjectNode out = Json.object();
        out.put("id", txn.id());
        out.put("reference_id", txn.reference());
        out.put("reference_number", txn.referenceNumber());
        out.put("status", txn.status());
        Json.putAmount(out, "amount", Tx.decimal(txn, Tx.AMOUNT));
        Json.putAmount(out, "transaction_amount", Tx.decimal(txn, Tx.TX_AMOUNT));
        Json.putAmount(out, "transaction_cost", Tx.decimal(txn, Tx.COST));
        out.put("currency", Tx.text(txn, Tx.CURRENCY));
        out.put("country", Tx.text(txn, Tx.COUNTRY));
        out.put("network", Tx.text(txn, Tx.NETWORK));
        out.put("customer_key", Tx.text(txn, Tx.CUSTOMER));
        out.put("telco_id", Tx.text(txn, Tx.TELCO));
        out.put("provider_reference", Tx.text(txn, Tx.PROVIDER_REFERENCE));
        out.put("bank_name", Tx.text(txn, Tx.BANK_NAME));
        out.put("bank_code", Tx.text(txn, Tx.BANK_CODE));
        out.put("payment_brand", Tx.text(txn, Tx.PAYMENT_BRAND));
        out.put("completed_at", Json.time(txn.completedAt()));
        out.put("error_message", Tx.text(txn, Tx.ERROR_MESSAGE));
        out.put("created_at", Json.time(txn.createdAt()));
        return out;
    }

    // ---- withdrawals ----

    /** WithdrawResponse (§10.1). */
    static ObjectNode withdrawalCreated(SandboxTransaction txn) {
        ObjectNode out = Json.object();
        out.put("id", txn.id());
        out.put("message", "Withdrawal request sent successfully");
        out.put("referenceId", txn.reference());
        out.put("referenceNumber", txn.referenceNumber());
        return out;
    }

    /** WithdrawStatus (§10.5), mixed casing exactly as listed there. */
    static ObjectNode withdrawalStatus(SandboxTransaction txn) {
        ObjectNode out = Json.object();
        out.put("id", txn.id());
        Json.putAmount(out, "amount", Tx.decimal(txn, Tx.AMOUNT));
        out.put("walletId", Tx.text(txn, Tx.WALLET));
        out.put("status", txn.status());
        out.put("referenceNumber", txn.referenceNumber());
        out.put("created_at", Json.time(txn.createdAt()));
        Json.putAmount(out, "transactionCost", Tx.decimal(txn, Tx.COST));
        Json.putAmount(out, "transactionAmount", Tx.decimal(txn, Tx.TX_AMOUNT));
        out.put("customerKey", Tx.text(txn, Tx.CUSTOMER));
        out.put("integratorFeeAmount", 0);
        out.put("integratorFee", 0);
        out.put("integratorCommissionType", "NONE");
        out.put("errorMessage", Tx.textOrEmpty(txn, Tx.ERROR_MESSAGE));
        out.put("callbackUrl", Tx.text(txn, Tx.CALLBACK));
        out.put("referenceId", txn.reference());
        out.put("currency", Tx.text(txn, Tx.CURRENCY));
        out.put("network", Tx.text(txn, Tx.NETWORK));
        out.put("confirmationId", Tx.text(txn, Tx.CONFIRMATION));
        out.put("transactionError", Tx.text(txn, Tx.ERROR_CODE));
        out.put("telcoId", Tx.text(txn, Tx.TELCO));
        out.put("completed_at", Json.time(txn.completedAt()));
        return out;
    }

    /** The {@code data} of {@code transaction.withdrawal.status.updated} (§19.4), in the order of its example. */
    static ObjectNode withdrawalEvent(SandboxTransaction txn) {
        ObjectNode out = Json.object();
        out.put("status", txn.status());
        out.put("referenceId", txn.reference());
        out.put("referenceNumber", txn.referenceNumber());
        out.put("id", txn.id());
        Json.putAmount(out, "amount", Tx.decimal(txn, Tx.AMOUNT));
        out.put("walletId", Tx.text(txn, Tx.WALLET));
        if (Tx.text(txn, Tx.CALLBACK) != null) {
            out.put("callbackUrl", Tx.text(txn, Tx.CALLBACK));
        }
        out.put("created_at", Json.time(txn.createdAt()));
        Json.putAmount(out, "transactionAmount", Tx.decimal(txn, Tx.TX_AMOUNT));
        Json.putAmount(out, "transactionCost", Tx.decimal(txn, Tx.COST));
        out.put("customerKey", Tx.text(txn, Tx.CUSTOMER));
        if (Tx.text(txn, Tx.TELCO) != null) {
            out.put("telcoId", Tx.text(txn, Tx.TELCO));
        }
        if (Tx.text(txn, Tx.ERROR_CODE) != null) {
            out.put("errorMessage", Tx.textOrEmpty(txn, Tx.ERROR_MESSAGE));
            out.put("transactionError", Tx.text(txn, Tx.ERROR_CODE));
        }
        // the event's own time, as on deposit events: when the transaction reached this status
        out.put("timestamp", Json.time(txn.updatedAt()));
        return out;
    }

    /** An item of {@code GET /api/v3/withdraw/transactions} (§10.6, snake_case). */
    static ObjectNode withdrawalListItem(SandboxTransaction txn) {
        ObjectNode out = Json.object();
        out.put("id", txn.id());
        out.put("reference_id", txn.reference());
        out.put("reference_number", txn.referenceNumber());
        out.put("status", txn.status());
        Json.putAmount(out, "amount", Tx.decimal(txn, Tx.AMOUNT));
        Json.putAmount(out, "transaction_amount", Tx.decimal(txn, Tx.TX_AMOUNT));
        Json.putAmount(out, "transaction_cost", Tx.decimal(txn, Tx.COST));
        out.put("currency", Tx.text(txn, Tx.CURRENCY));
        out.put("country", Tx.text(txn, Tx.COUNTRY));
        out.put("network", Tx.text(txn, Tx.NETWORK));
        out.put("customer_key", Tx.text(txn, Tx.CUSTOMER));
        out.put("telco_id", Tx.text(txn, Tx.TELCO));
        out.put("provider_reference", Tx.text(txn, Tx.PROVIDER_REFERENCE));
        out.put("integrator_fee_amount", 0);
        out.put("completed_at", Json.time(txn.completedAt()));
        out.put("transaction_error", Tx.text(txn, Tx.ERROR_CODE));
        out.put("created_at", Json.time(txn.createdAt()));
        return out;
    }
}
