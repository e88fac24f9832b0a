package io.kotanihub.sandbox.wallets;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.kotanihub.sandbox.SandboxProperties;
import io.kotanihub.sandbox.core.SandboxResettable;
import io.kotanihub.sandbox.core.SandboxStore;
import io.kotanihub.sandbox.web.SandboxApiException;
import org.springframework.stereotype.Component;

/**
 * The integrator's fiat wallets and every balance movement on them (§8). Each currency of
 * {@code hub.sandbox.wallets} has a funded payout wallet from the start; its id is derived from the currency, so it
 * is the same across resets and restarts. All movements are atomic per wallet and use {@link BigDecimal} only.
 *
 * <p>Other sandbox features (bulk payments, ramps) move money through this class: {@link #debit} at the creation of
 * a payout (400 "Insufficient funds in fiat wallet" when the payout balance is short), {@link #credit} to reverse
 * one, {@link #creditDeposit} when a collection is reconciled. A reset restores the funded wallets' configured
 * balances (deposit balance zero, unlocked, original name) and removes wallets created through the API.
 */
@Component
public class WalletBook implements SandboxResettable {

    public static final String INSUFFICIENT_FUNDS = "Insufficient funds in fiat wallet";
    public static final String NOT_FOUND = "Wallet Not Found";
    public static final String LOCKED = "Wallet is locked and cannot transact";

    /** A deposit-balance movement: the deposit balance before and after it. */
    public record Movement(BigDecimal before, BigDecimal after) { }

    private static final Map<String, String> CURRENCY_COUNTRY = Map.ofEntries(
            Map.entry("KES", "KE"), Map.entry("UGX", "UG"), Map.entry("TZS", "TZ"), Map.entry("GHS", "GH"),
            Map.entry("ZAR", "ZA"), Map.entry("NGN", "NG"), Map.entry("RWF", "RW"), Map.entry("ZMW", "ZM"),
            Map.entry("MWK", "MW"), Map.entry("ETB", "ET"), Map.entry("EGP", "EG"), Map.entry("SLE", "SL"),
            Map.entry("CDF", "CD"), Map.entry("MZN", "MZ"), Map.entry("LSL", "LS"), Map.entry("GNF", "GN"));

    private final SandboxProperties properties;
    private final List<FiatWallet> wallets = new CopyOnWriteArrayList<>();
    private final Map<String, FiatWallet> byId = new ConcurrentHashMap<>();

    public WalletBook(SandboxProperties properties) {
        this.properties = properties;
        fund();
    }

    /** The wallet id the funded payout wallet of {@code currency} has (stable across resets and restarts). */
    public static String fundedWalletId(String currency) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("kotani-sandbox-wallet:" + currency.toUpperCase(Locale.ROOT)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<FiatWallet> all() {
        return List.copyOf(wallets);
    }

    public Optional<FiatWallet> find(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(id));
    }

    /** The wallet, or 404 "Wallet Not Found". */
    public FiatWallet require(String id) {
        return find(id).orElseThrow(() -> SandboxApiException.notFound(NOT_FOUND));
    }

    /** The first wallet of {@code currency} (funded ones first), restricted to {@code country} when given. */
    public Optional<FiatWallet> forCurrency(String currency, String country) {
        if (currency == null) {
            return Optional.empty();
        }
        return wallets.stream()
                .filter(w -> w.currency().equalsIgnoreCase(currency))
                .filter(w -> country == null || country.isBlank() || country.equalsIgnoreCase(w.country()))
                .findFirst();
    }

    public FiatWallet create(String name, String currency, String country) {
        String code = currency.toUpperCase(Locale.ROOT);
        FiatWallet wallet = new FiatWallet(SandboxStore.newId(), false, name, code,
                country != null ? country : CURRENCY_COUNTRY.get(code), BigDecimal.ZERO);
        byId.put(wallet.id(), wallet);
        wallets.add(wallet);
        return wallet;
    }

    /** PATCH: a new name (required), and optionally a country and the {@code locked} flag. */
    public FiatWallet update(String id, String name, String country, Boolean locked) {
        FiatWallet wallet = require(id);
        wallet.rename(name);
        if (country != null) {
            wallet.country(country);
        }
        if (locked != null) {
            wallet.lock(locked);
        }
        return wallet;
    }

    /** 400 when the wallet is locked (§8.1: locked blocks transactions). */
    public void requireUsable(FiatWallet wallet) {
        if (wallet.locked()) {
            throw SandboxApiException.badRequest(LOCKED);
        }
    }

    /**
     * Takes {@code amount} from the payout balance, or fails with 400 "Insufficient funds in fiat wallet" (and
     * nothing is taken) when it is short; 404 for an unknown wallet, 400 for a locked one.
     */
    public FiatWallet debit(String walletId, BigDecimal amount) {
        FiatWallet wallet = require(walletId);
        requirePositive(amount);
        synchronized (wallet) {
            requireUsable(wallet);
            if (wallet.balance().compareTo(amount) < 0) {
                throw SandboxApiException.badRequest(INSUFFICIENT_FUNDS);
            }
            wallet.addBalance(amount.negate());
        }
        return wallet;
    }

    /**
     * Takes {@code amount} from the payout balance even if that makes it negative: for a payout that the provider
     * reports as delivered after it had been reversed (a late correction, §19.5) the money is gone either way.
     */
    public FiatWallet forceDebit(String walletId, BigDecimal amount) {
        FiatWallet wallet = require(walletId);
        requirePositive(amount);
        wallet.addBalance(amount.negate());
        return wallet;
    }

    /** Gives {@code amount} back to the payout balance (the reversal of a failed payout). */
    public FiatWallet credit(String walletId, BigDecimal amount) {
        FiatWallet wallet = require(walletId);
        requirePositive(amount);
        wallet.addBalance(amount);
        return wallet;
    }

    /** Credits a reconciled collection to the deposit balance. */
    public Movement creditDeposit(String walletId, BigDecimal amount) {
        FiatWallet wallet = require(walletId);
        requirePositive(amount);
        synchronized (wallet) {
            BigDecimal before = wallet.depositBalance();
            wallet.addDepositBalance(amount);
            return new Movement(before, wallet.depositBalance());
        }
    }

    /**
     * Moves {@code amount} (null: the whole deposit balance) from the deposit balance to the payout balance (§8.3);
     * 400 when the deposit balance is short.
     */
    public FiatWallet transferDepositBalance(String walletId, BigDecimal amount) {
        FiatWallet wallet = require(walletId);
        synchronized (wallet) {
            BigDecimal moved = amount != null ? amount : wallet.depositBalance();
            if (moved.signum() < 0) {
                throw SandboxApiException.badRequest("amount must be a positive number");
            }
            if (wallet.depositBalance().compareTo(moved) < 0) {
                throw SandboxApiException.badRequest("Insufficient deposit balance");
            }
            wallet.setBalances(wallet.balance().add(moved), wallet.depositBalance().subtract(moved));
        }
        return wallet;
    }

    private static void requirePositive(BigDecimal amount) {
        if (amount == null || amount.signum() <= 0) {
            throw new IllegalArgumentException("wallet movements need a positive amount");
        }
    }

    private void fund() {
        List<FiatWallet> funded = new ArrayList<>();
        properties.getWallets().forEach((currency, balance) -> {
            String code = currency.toUpperCase(Locale.ROOT);
            funded.add(new FiatWallet(fundedWalletId(code), true, code + " Payout Wallet", code,
                    CURRENCY_COUNTRY.get(code), balance));
        });
        funded.forEach(w -> byId.put(w.id(), w));
        wallets.addAll(funded);
    }

    @Override
    public synchronized void reset() {
        wallets.clear();
        byId.clear();
        fund();
    }
}
