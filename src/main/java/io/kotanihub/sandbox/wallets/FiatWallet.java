package io.kotanihub.sandbox.wallets;

import java.math.BigDecimal;

/**
 * One fiat wallet of the sandbox's integrator (§8.1) with its two balances: {@code balance} (payout balance,
 * debited by withdrawals) and {@code deposit_balance} (credited by collections). Mutations go through
 * {@link WalletBook}, which serialises them per wallet.
 */
public final class FiatWallet {

    private final String id;
    private final boolean funded;
    private final String currency;
    private volatile String name;
    private volatile String country;
    private volatile boolean locked;
    private BigDecimal balance;
    private BigDecimal depositBalance;

    FiatWallet(String id, boolean funded, String name, String currency, String country, BigDecimal balance) {
        this.id = id;
        this.funded = funded;
        this.name = name;
        this.currency = currency;
        this.country = country;
        this.balance = balance;
        this.depositBalance = BigDecimal.ZERO;
    }

    public String id() { return id; }
    /** True for the payout wallets configured in {@code hub.sandbox.wallets} (they survive a reset). */
    public boolean funded() { return funded; }
    public String name() { return name; }
    public String currency() { return currency; }
    public String country() { return country; }
    public boolean locked() { return locked; }
    public synchronized BigDecimal balance() { return balance; }
    public synchronized BigDecimal depositBalance() { return depositBalance; }

    void rename(String newName) { this.name = newName; }
    void country(String newCountry) { this.country = newCountry; }
    void lock(boolean value) { this.locked = value; }

    synchronized void setBalances(BigDecimal payout, BigDecimal deposit) {
        this.balance = payout;
        this.depositBalance = deposit;
    }

    synchronized void addBalance(BigDecimal delta) { balance = balance.add(delta); }

    synchronized void addDepositBalance(BigDecimal delta) { depositBalance = depositBalance.add(delta); }
}
