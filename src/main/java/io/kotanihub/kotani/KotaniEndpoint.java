package io.kotanihub.kotani;

/**
 * The Kotani endpoints the hub calls, with the rate-limit tier each counts against (REFERENCE §2.3: GET look-ups
 * are read-only, creates are "moving money"). Kotani counts per endpoint, so each has its own budget.
 */
public enum KotaniEndpoint {
    WITHDRAW_MOBILE_MONEY("POST", "/api/v3/withdraw/mobile-money", Tier.GENERAL),
    WITHDRAW_BANK("POST", "/api/v3/withdraw/v2/bank", Tier.GENERAL),
    WITHDRAW_PAYBILL("POST", "/api/v3/withdraw/paybill", Tier.GENERAL),
    WITHDRAW_TILL("POST", "/api/v3/withdraw/lipa-na-mpesa", Tier.GENERAL),
    WITHDRAW_STATUS("GET", "/api/v3/withdraw/status/", Tier.READ),
    BANK_WITHDRAW_STATUS("GET", "/api/v3/withdraw/v2/bank/status/", Tier.READ),
    DEPOSIT_MOBILE_MONEY("POST", "/api/v3/deposit/mobile-money", Tier.GENERAL),
    DEPOSIT_STATUS("GET", "/api/v3/deposit/mobile-money/status/", Tier.READ),
    ONRAMP("POST", "/api/v3/onramp", Tier.GENERAL),
    ONRAMP_STATUS("GET", "/api/v3/onramp/", Tier.READ),
    OFFRAMP("POST", "/api/v3/offramp", Tier.GENERAL),
    OFFRAMP_STATUS("GET", "/api/v3/offramp/", Tier.READ),
    CUSTOMER_BY_PHONE("GET", "/api/v3/customer/mobile-money/phone/", Tier.READ),
    CUSTOMER_CREATE("POST", "/api/v3/customer/mobile-money", Tier.GENERAL),
    FIAT_WALLETS("GET", "/api/v3/wallet/fiat", Tier.READ),
    INTEGRATOR_WEBHOOK("PATCH", "/api/v3/integrator/webhook", Tier.GENERAL),
    BRIDGE_CREATE("POST", "/api/v3/deposit/crypto-bridge", Tier.GENERAL),
    BRIDGE_STATUS("GET", "/api/v3/deposit/crypto-bridge/status/", Tier.READ),
    /** {@code /api/v3/deposit/crypto-bridge/{id}/refund-config}: the path parameter sits inside the path. */
    BRIDGE_REFUND_CONFIG("GET", "/api/v3/deposit/crypto-bridge/", Tier.READ),
    BRIDGE_REFUND_REGENERATE("POST", "/api/v3/deposit/crypto-bridge/", Tier.GENERAL),
    /** The provider's settlement webhook (§16.8): signed, no bearer key. */
    BRIDGE_SETTLEMENT_REPORT("POST", "/api/v3/deposit/crypto-bridge/webhook/provider/settlement", Tier.GENERAL),
    /** Payment links (§14, the current dashboard family); {@code {id}} and {@code {id}/transactions} follow the path. */
    PAYMENT_LINK_CREATE("POST", "/api/v3/dashboard/payment-links", Tier.GENERAL),
    PAYMENT_LINK_LIST("GET", "/api/v3/dashboard/payment-links", Tier.READ),
    PAYMENT_LINK_GET("GET", "/api/v3/dashboard/payment-links/", Tier.READ),
    PAYMENT_LINK_TRANSACTIONS("GET", "/api/v3/dashboard/payment-links/", Tier.READ),
    /** Bank checkout (§9.4/9.5) and card deposits (§9.6), used for invoices collected that way. */
    BANK_CHECKOUT("POST", "/api/v3/deposit/bank/checkout", Tier.GENERAL),
    BANK_CHECKOUT_STATUS("GET", "/api/v3/deposit/bank/checkout/status/", Tier.READ),
    CARD_DEPOSIT("POST", "/api/v3/deposit/card", Tier.GENERAL),
    CARD_DEPOSIT_STATUS("GET", "/api/v3/deposit/card/", Tier.READ),
    /** Bulk payments (§15): CSV check (multipart, {@code fileHash}/{@code isDuplicate}), create, listings, one batch. */
    BULK_VALIDATE_CSV("POST", "/api/v3/dashboard/bulk-payments/api/validate-csv", Tier.GENERAL),
    BULK_CREATE("POST", "/api/v3/dashboard/bulk-payments/api/batches/create", Tier.GENERAL),
    BULK_BATCHES("GET", "/api/v3/dashboard/bulk-payments/api/batches", Tier.READ),
    BULK_BATCH("GET", "/api/v3/dashboard/bulk-payments/api/batches/", Tier.READ),
    /** {@code …/batches/{batchId}/payments}: the path parameter sits inside the path. */
    BULK_BATCH_PAYMENTS("GET", "/api/v3/dashboard/bulk-payments/api/batches/", Tier.READ),
    BULK_TRANSACTIONS("GET", "/api/v3/dashboard/bulk-payments/api/transactions", Tier.READ);

    public enum Tier { READ, GENERAL }

    private final String method;
    private final String path;
    private final Tier tier;

    KotaniEndpoint(String method, String path, Tier tier) {
        this.method = method;
        this.path = path;
        this.tier = tier;
    }

    public String method() { return method; }
    /** The path, ending in {@code /} where a path parameter follows. */
    public String path() { return path; }
    public Tier tier() { return tier; }
}
