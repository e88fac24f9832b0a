package io.kotanihub.sandbox.payments;

import java.math.BigDecimal;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.sandbox.core.Family;
import io.kotanihub.sandbox.core.SandboxStore;
import io.kotanihub.sandbox.core.SandboxTransaction;
import io.kotanihub.sandbox.wallets.FiatWallet;
import io.kotanihub.sandbox.wallets.WalletBook;
import io.kotanihub.sandbox.web.SandboxApiException;
import org.springframework.stereotype.Component;

/**
 * Mobile-money deposits a Kotani-hosted page starts for the integrator (a payment link's pay call, §14): each is an
 * ordinary deposit of {@code POST /api/v3/deposit/mobile-money} (same kind, status endpoint, list, phone outcomes of
 * §21, balances and {@code transaction.deposit.status.updated} events), credited to the funded wallet of its
 * currency, with the paying phone's customer (registered on first use) and the caller's {@code origin} members in
 * its status record and every event.
 */
@Component
public class HostedDeposits {

    private final PaymentSupport support;
    private final CustomerBook customers;
    private final WalletBook wallets;
    private final SandboxStore store;

    public HostedDeposits(PaymentSupport support, CustomerBook customers, WalletBook wallets, SandboxStore store) {
        this.support = support;
        this.customers = customers;
        this.wallets = wallets;
        this.store = store;
    }

    /** What a hosted page asks for: who pays, how much, where events go and what identifies the origin. */
    public record Request(String reference, BigDecimal amount, String currency, String phone, String network,
                          String name, String callbackUrl, ObjectNode origin, ObjectNode pageRequest) { }

    /** Creates and starts the deposit; 400 when no wallet takes the currency or the reference is used. */
    public SandboxTransaction start(Request request) {
        FiatWallet wallet = wallets.forCurrency(request.currency(), null)
                .orElseThrow(() -> SandboxApiException.badRequest("No wallet for currency " + request.currency()));
        wallets.requireUsable(wallet);
        ObjectNode customer = customers.byPhone(request.phone()).orElseGet(() -> register(request));
        SandboxTransaction txn = support.create(Family.DEPOSIT, request.reference(), DepositController.DUPLICATE,
                () -> {
                    SandboxTransaction created = support.newTransaction(Family.DEPOSIT, DepositController.KIND,
                            request.reference(), request.pageRequest(), "PENDING");
                    BigDecimal amount = request.amount();
                    String currency = wallet.currency();
                    Tx.put(created, Tx.AMOUNT, amount);
                    Tx.put(created, Tx.CURRENCY, currency);
                    Tx.put(created, Tx.COUNTRY, Json.text(customer, "country_code"));
                    Tx.put(created, Tx.WALLET, wallet.id());
                    Tx.put(created, Tx.CUSTOMER, Json.text(customer, "customer_key"));
                    Tx.put(created, Tx.CALLBACK, request.callbackUrl());
                    Tx.put(created, Tx.COST, Fees.fee(amount, currency));
                    Tx.put(created, Tx.TX_AMOUNT, Fees.depositTransactionAmount(amount, currency));
                    Tx.put(created, Tx.NETWORK, request.network() != null ? request.network()
                            : DepositController.network(customer));
                    Tx.put(created, Tx.PROVIDER_REFERENCE, SandboxStore.newId());
                    Tx.put(created, Tx.ORIGIN, request.origin() == null ? null : request.origin().deepCopy());
                    return created;
                });
        support.started(txn, Outcomes.forPhone(request.phone()));
        return txn;
    }

    /** The deposit of {@code reference}, if any. */
    public Optional<SandboxTransaction> find(String reference) {
        return store.find(Family.DEPOSIT, reference);
    }

    /** The fee and the fee-adjusted amount of a deposit (§9.7), as its status record reports them. */
    public static BigDecimal cost(SandboxTransaction txn) {
        return Tx.decimal(txn, Tx.COST);
    }

    public static BigDecimal transactionAmount(SandboxTransaction txn) {
        return Tx.decimal(txn, Tx.TX_AMOUNT);
    }

    public static String currency(SandboxTransaction txn) {
        return Tx.text(txn, Tx.CURRENCY);
    }

    public static BigDecimal amount(SandboxTransaction txn) {
        return Tx.decimal(txn, Tx.AMOUNT);
    }

    public static String network(SandboxTransaction txn) {
        return Tx.text(txn, Tx.NETWORK);
    }

    public static String errorMessage(SandboxTransaction txn) {
        return Tx.text(txn, Tx.ERROR_MESSAGE);
    }

    private ObjectNode register(Request request) {
        ObjectNode body = Json.object();
        body.put("phone_number", request.phone());
        body.put("network", request.network());
        body.put("account_name", request.name());
        String country = Countries.ofPhone(request.phone()).or(() -> Countries.byCurrency(request.currency()))
                .map(Countries.Country::iso2).orElse(null);
        return customers.create(body, country);
    }
}
