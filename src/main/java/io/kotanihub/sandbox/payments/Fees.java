package io.kotanihub.sandbox.payments;

import java.math.BigDecimal;

import io.kotanihub.sandbox.wallets.Amounts;

/**
 * The sandbox's fee rule: 1.5 % of the requested amount, rounded half-up to the currency's precision (whole units
 * for KES/UGX/TZS and similar, two decimals otherwise; §1). Fee bearers:
 * <ul>
 *   <li>deposits (§9.7, August 2026 semantics): the customer pays the fee on top:
 *       {@code transaction_amount = amount + fee}, {@code transaction_cost = fee}; the wallet's deposit balance is
 *       credited with {@code amount};</li>
 *   <li>withdrawals (§10.7, "customer" bearer): the wallet's payout balance is debited {@code amount}, the recipient
 *       receives {@code transactionAmount = amount - fee}, {@code transactionCost = fee}.</li>
 * </ul>
 */
public final class Fees {

    public static final BigDecimal RATE = new BigDecimal("0.015");

    private Fees() { }

    public static BigDecimal fee(BigDecimal amount, String currency) {
        return Amounts.round(amount.multiply(RATE), currency);
    }

    /** What the customer pays for a collection of {@code amount}. */
    public static BigDecimal depositTransactionAmount(BigDecimal amount, String currency) {
        return amount.add(fee(amount, currency));
    }

    /** What the recipient of a payout of {@code amount} receives. */
    public static BigDecimal payoutTransactionAmount(BigDecimal amount, String currency) {
        return amount.subtract(fee(amount, currency));
    }
}
