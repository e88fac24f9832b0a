package io.kotanihub.sandbox.payments;

import java.math.BigDecimal;
import java.time.Instant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.sandbox.SandboxProperties;
import io.kotanihub.sandbox.core.Family;
import io.kotanihub.sandbox.core.PhoneOutcomes.Outcome;
import io.kotanihub.sandbox.core.SandboxStore;
import io.kotanihub.sandbox.core.SandboxTransaction;
import io.kotanihub.sandbox.wallets.WalletBook;
import io.kotanihub.sandbox.web.SandboxApiException;
import org.springframework.stereotype.Component;

/**
 * Mobile-money payouts created by other sandbox features (bulk payments, §15): ordinary withdrawals in every
 * respect - same store family (so {@code GET /api/v3/withdraw/status/{ref}} and the transaction list show them),
 * same outcome engine, same {@code transaction.withdrawal.status.updated} webhooks, same reversal of the debit on
 * failure. The only difference a caller may choose is the fee bearer: with {@code integratorPaysFee} the wallet is
 * debited {@code amount + fee} and the recipient receives {@code amount} (§10.7 "integrator wallet"; §15.4).
 */
@Component
public class Payouts {

    /** What the sandbox reports about one payout. */
    public record Snapshot(String id, String status, BigDecimal fee, BigDecimal transactionAmount,
                           BigDecimal walletDebit, String telcoId, String errorMessage, Instant completedAt) { }

    private final SandboxStore store;
    private final WalletBook wallets;
    private final PaymentEngine engine;
    private final SandboxProperties properties;

    public Payouts(SandboxStore store, WalletBook wallets, PaymentEngine engine, SandboxProperties properties) {
        this.store = store;
        this.wallets = wallets;
        this.engine = engine;
        this.properties = properties;
    }

    /** The fee of a payout of {@code amount} (the sandbox's fee rule, {@link Fees}). */
    public static BigDecimal fee(BigDecimal amount, String currency) {
        return Fees.fee(amount, currency);
    }

    /**
     * Creates the withdrawal {@code reference} and debits the wallet atomically with it, then starts it towards
     * {@code outcome}. Throws the withdrawal endpoint's answers: 400 "Duplicate referenceId" (or the configured
     * duplicate status) for a used reference, 400 "Insufficient funds in fiat wallet", 404 "Wallet Not Found", 400
     * for a locked wallet; in every such case nothing is created and nothing is debited.
     */
    public SandboxTransaction mobileMoney(String kind, String reference, String walletId, BigDecimal amount,
                                          boolean integratorPaysFee, String customerKey, String network,
                                          String callbackUrl, ObjectNode request, Outcome outcome) {
        String currency = wallets.require(walletId).currency();
        BigDecimal fee = Fees.fee(amount, currency);
        BigDecimal debit = integratorPaysFee ? amount.add(fee) : amount;
        SandboxStore.Created created = store.create(Family.WITHDRAWAL, reference, () -> {
            SandboxTransaction txn = new SandboxTransaction(SandboxStore.newId(), Family.WITHDRAWAL, kind, reference,
                    store.nextReferenceNumber(), request.deepCopy(), "PENDING", Instant.now());
            Tx.put(txn, Tx.AMOUNT, amount);
            Tx.put(txn, Tx.CURRENCY, currency);
            Tx.put(txn, Tx.COUNTRY, Countries.byCurrency(currency).map(Countries.Country::iso2).orElse(null));
            Tx.put(txn, Tx.WALLET, walletId);
            Tx.put(txn, Tx.CUSTOMER, customerKey);
            Tx.put(txn, Tx.CALLBACK, callbackUrl);
            Tx.put(txn, Tx.COST, fee);
            Tx.put(txn, Tx.TX_AMOUNT, integratorPaysFee ? amount : amount.subtract(fee));
            Tx.put(txn, Tx.NETWORK, network);
            Tx.put(txn, Tx.PROVIDER_REFERENCE, SandboxStore.newId());
            Tx.put(txn, Tx.DEBIT_AMOUNT, debit);
            wallets.debit(walletId, debit);
            Tx.put(txn, Tx.DEBITED, debit);
            return txn;
        });
        if (!created.created()) {
            throw new SandboxApiException(properties.getDuplicateStatus(), WithdrawalController.DUPLICATE);
        }
        engine.start(created.transaction(), outcome);
        return created.transaction();
    }

    public Snapshot snapshot(SandboxTransaction txn) {
        synchronized (txn) {
            return new Snapshot(txn.id(), txn.status(), Tx.decimal(txn, Tx.COST), Tx.decimal(txn, Tx.TX_AMOUNT),
                    Tx.decimal(txn, Tx.DEBIT_AMOUNT), Tx.text(txn, Tx.TELCO), Tx.text(txn, Tx.ERROR_MESSAGE),
                    txn.completedAt());
        }
    }

    /** True once the withdrawal reached a final status (§20.2). */
    public static boolean terminal(String status) {
        return Tx.TERMINAL.contains(status);
    }

    /** True for the final statuses that gave the debit back. */
    public static boolean reversed(String status) {
        return Tx.REVERSING.contains(status);
    }
}
