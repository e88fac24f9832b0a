package io.kotanihub.sandbox.payments;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.sandbox.SandboxProperties;
import io.kotanihub.sandbox.core.Family;
import io.kotanihub.sandbox.core.PhoneOutcomes.Outcome;
import io.kotanihub.sandbox.core.SandboxFaults;
import io.kotanihub.sandbox.core.SandboxScheduler;
import io.kotanihub.sandbox.core.SandboxTransaction;
import io.kotanihub.sandbox.core.WebhookPublisher;
import io.kotanihub.sandbox.wallets.WalletBook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Drives a deposit or a withdrawal from creation to its outcome, moves the balances and reports every status change
 * with {@link WebhookPublisher} (§19.4 payloads).
 *
 * <p>Timeline (from creation): {@code PENDING}; after {@code step-delay} {@code INITIATED}; for an outcome that
 * succeeds, after another {@code step-delay} {@code IN_PROGRESS}; the final status at {@code settle-delay} (twelve
 * times it for the slow number; never for the number that stays pending), but never before the intermediate steps.
 * Successful deposits credit the wallet's {@code deposit_balance} on a reconciliation pass twelve settle-delays
 * after success (the reference's "~1 minute" for the default 5 s). Withdrawals were debited at creation; a final
 * {@code FAILED/EXPIRED/CANCELLED/DECLINED/REVERSED} gives the debit back exactly once.
 *
 * <p>Late corrections (fault {@code lateCorrectionRate}, §19.5): a transaction about to succeed is first reported
 * {@code CANCELLED} (a payout's debit is reversed), then one step-delay later {@code SUCCESSFUL} (the payout is
 * debited again, even into a negative balance, since the money was delivered).
 */
@Component
public class PaymentEngine {

    private static final Logger LOG = LoggerFactory.getLogger(PaymentEngine.class);
    private static final String TELCO_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private final SandboxProperties properties;
    private final SandboxScheduler scheduler;
    private final SandboxFaults faults;
    private final WebhookPublisher publisher;
    private final WalletBook wallets;

    public PaymentEngine(SandboxProperties properties, SandboxScheduler scheduler, SandboxFaults faults,
                         WebhookPublisher publisher, WalletBook wallets) {
        this.properties = properties;
        this.scheduler = scheduler;
        this.faults = faults;
        this.publisher = publisher;
        this.wallets = wallets;
    }

    /** Starts the progression of a just-created deposit or withdrawal towards {@code outcome}. */
    public void start(SandboxTransaction txn, Outcome outcome) {
        Duration step = properties.getStepDelay();
        scheduler.after(step, () -> {
            change(txn, "INITIATED");
            if (!outcome.settles()) {
                return;
            }
            Duration total = outcome.delay(properties.getSettleDelay());
            if (outcome.succeeds()) {
                scheduler.after(step, () -> {
                    change(txn, "IN_PROGRESS");
                    scheduler.after(remaining(total, step.multipliedBy(2)), () -> settle(txn, outcome));
                });
            } else {
                scheduler.after(remaining(total, step), () -> settle(txn, outcome));
            }
        });
    }

    private static Duration remaining(Duration total, Duration elapsed) {
        Duration rest = total.minus(elapsed);
        return rest.isNegative() ? Duration.ZERO : rest;
    }

    private void settle(SandboxTransaction txn, Outcome outcome) {
        if (!outcome.succeeds()) {
            fail(txn, outcome.finalStatus(), outcome.errorCode(), outcome.errorMessage());
            return;
        }
        if (faults.lateCorrection()) {
            fail(txn, "CANCELLED", "CANCELLED", "Transaction cancelled");
            scheduler.after(properties.getStepDelay(), () -> succeed(txn));
        } else {
            succeed(txn);
        }
    }

    private void succeed(SandboxTransaction txn) {
        ObjectNode data;
        synchronized (txn) {
            Tx.put(txn, Tx.ERROR_CODE, null);
            Tx.put(txn, Tx.ERROR_MESSAGE, null);
            Tx.put(txn, Tx.ERROR_DESCRIPTION, null);
            if (txn.family() == Family.DEPOSIT) {
                restoreDepositAmounts(txn);
            } else {
                redebit(txn);
            }
            Tx.put(txn, Tx.TELCO, telcoId());
            Tx.put(txn, Tx.CONFIRMATION, telcoId());
            txn.moveTo("SUCCESSFUL", true, Instant.now());
            data = event(txn);
        }
        publish(txn, data);
        if (txn.family() == Family.DEPOSIT) {
            scheduler.after(properties.getSettleDelay().multipliedBy(12), () -> reconcile(txn));
        }
    }

    private void fail(SandboxTransaction txn, String status, String code, String message) {
        ObjectNode data;
        synchronized (txn) {
            Tx.put(txn, Tx.ERROR_CODE, code);
            Tx.put(txn, Tx.ERROR_MESSAGE, message);
            Tx.put(txn, Tx.ERROR_DESCRIPTION, message);
            Tx.put(txn, Tx.TELCO, null);
            Tx.put(txn, Tx.CONFIRMATION, null);
            if (txn.family() == Family.DEPOSIT) {
                // the failed-deposit example of §19.4 reports no amount moved and no fee
                txn.attributes().put(Tx.TX_AMOUNT, BigDecimal.ZERO);
                txn.attributes().put(Tx.COST, BigDecimal.ZERO);
            } else if (Tx.REVERSING.contains(status)) {
                reverse(txn);
            }
            txn.moveTo(status, true, Instant.now());
            data = event(txn);
        }
        publish(txn, data);
    }

    /** Gives a payout's debit back to the wallet, at most once per debit. Caller holds the transaction's lock. */
    private void reverse(SandboxTransaction txn) {
        BigDecimal debited = Tx.decimal(txn, Tx.DEBITED);
        if (debited != null && debited.signum() > 0) {
            wallets.credit(Tx.text(txn, Tx.WALLET), debited);
            txn.attributes().put(Tx.DEBITED, BigDecimal.ZERO);
        }
    }

    /** Debits a payout again after a reversal (late correction). Caller holds the transaction's lock. */
    private void redebit(SandboxTransaction txn) {
        BigDecimal debited = Tx.decimal(txn, Tx.DEBITED);
        if (debited == null || debited.signum() == 0) {
            BigDecimal amount = Tx.decimal(txn, Tx.DEBIT_AMOUNT) != null
                    ? Tx.decimal(txn, Tx.DEBIT_AMOUNT) : Tx.decimal(txn, Tx.AMOUNT);
            wallets.forceDebit(Tx.text(txn, Tx.WALLET), amount);
            txn.attributes().put(Tx.DEBITED, amount);
        }
    }

    private static void restoreDepositAmounts(SandboxTransaction txn) {
        BigDecimal amount = Tx.decimal(txn, Tx.AMOUNT);
        String currency = Tx.text(txn, Tx.CURRENCY);
        txn.attributes().put(Tx.COST, Fees.fee(amount, currency));
        txn.attributes().put(Tx.TX_AMOUNT, Fees.depositTransactionAmount(amount, currency));
    }

    /** The reconciliation pass: credits a successful deposit's amount to the deposit balance, once. */
    private void reconcile(SandboxTransaction txn) {
        synchronized (txn) {
            if (!"SUCCESSFUL".equals(txn.status()) || txn.attributes().containsKey(Tx.CREDITED)) {
                return;
            }
            WalletBook.Movement movement = wallets.creditDeposit(Tx.text(txn, Tx.WALLET), Tx.decimal(txn, Tx.AMOUNT));
            txn.attributes().put(Tx.INITIAL_DEPOSIT, movement.before());
            txn.attributes().put(Tx.FINAL_DEPOSIT, movement.after());
            txn.attributes().put(Tx.CREDITED, Boolean.TRUE);
        }
    }

    private void change(SandboxTransaction txn, String status) {
        ObjectNode data;
        synchronized (txn) {
            txn.moveTo(status, false, Instant.now());
            data = event(txn);
        }
        publish(txn, data);
    }

    private static ObjectNode event(SandboxTransaction txn) {
        return txn.family() == Family.DEPOSIT ? PaymentViews.depositEvent(txn) : PaymentViews.withdrawalEvent(txn);
    }

    private void publish(SandboxTransaction txn, ObjectNode data) {
        String event = txn.family() == Family.DEPOSIT ? Tx.DEPOSIT_EVENT : Tx.WITHDRAWAL_EVENT;
        LOG.debug("sandbox: {} {} -> {}", txn.kind(), txn.reference(), txn.status());
        try {
            publisher.publish(event, data, Tx.text(txn, Tx.CALLBACK), txn.reference());
        } catch (RuntimeException e) {
            LOG.warn("sandbox: publishing {} for {} failed: {}", event, txn.reference(), e.toString());
        }
    }

    /** A telco receipt id in the style of M-PESA's ({@code OEI2AK4D9X}). */
    static String telcoId() {
        StringBuilder id = new StringBuilder(10);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 10; i++) {
            id.append(TELCO_CHARS.charAt(random.nextInt(TELCO_CHARS.length())));
        }
        return id.toString();
    }
}
