package io.kotanihub.sandbox;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every option of the Kotani sandbox ({@code hub.sandbox.*}). Defaults follow REFERENCE.md section 23.
 * Bound from the application's environment by {@link SandboxServer}; the sandbox has no other configuration.
 */
public class SandboxProperties {

    /** Start the sandbox with the hub (embedded default profile). */
    private boolean enabled = true;
    /** Port of the sandbox's own HTTP server; 0 picks a free port (tests). */
    private int port = 8091;
    /** Integrator-level API keys (wildcard permissions). */
    private List<String> apiKeys = new ArrayList<>(List.of("sk_sandbox_local"));
    /** User-bound API keys and the permissions granted to each (e.g. {@code deposit}, {@code withdraw}); other calls get 403. */
    private Map<String, List<String>> userBoundKeys = new LinkedHashMap<>();
    /** Id reported in {@code X-Kotani-Integrator} and on integrator records. */
    private String integratorId = "64a1b2c3d4e5f6a7b8c9d000";
    /** Webhook secret: when set, status changes are delivered as signed webhooks (§19.2); empty means direct callbacks. */
    private String webhookSecret = "whsec_sandbox_local";
    /** The integrator's default webhook URL (PATCH /api/v3/integrator/webhook can change it). */
    private String webhookUrl;
    /** Where signed webhooks go when a transaction also has a callbackUrl: CALLBACK_FIRST or WEBHOOK_URL (§22.20). */
    private String signedTarget = "CALLBACK_FIRST";
    /** Time until a transaction settles (the phone table's "~5 s"); the slow case is twelve times this. */
    private Duration settleDelay = Duration.ofSeconds(5);
    /** Delay between intermediate status steps (PENDING → INITIATED → IN_PROGRESS). */
    private Duration stepDelay = Duration.ofMillis(500);
    /** How long an onramp/offramp quote id ({@code rateId}) locks its rate (§11: 60 s). */
    private Duration rateValidity = Duration.ofSeconds(60);
    /** Answer to a reused reference: 400 (default, §2.4) or 409. */
    private int duplicateStatus = 400;
    /** Initial payout balance of each funded fiat wallet, by currency. */
    private Map<String, BigDecimal> wallets = new LinkedHashMap<>(Map.of(
            "KES", new BigDecimal("10000000"), "UGX", new BigDecimal("500000000"),
            "TZS", new BigDecimal("500000000"), "GHS", new BigDecimal("1000000"),
            "ZAR", new BigDecimal("2000000"), "NGN", new BigDecimal("100000000")));
    private final RateLimits rateLimits = new RateLimits();
    private final Webhooks webhooks = new Webhooks();
    private final Bridge bridge = new Bridge();
    private final PaymentLinks paymentLinks = new PaymentLinks();
    private final Checkout checkout = new Checkout();

    public static class RateLimits {
        /** Enforce the per-key, per-endpoint limits of §2.3. */
        private boolean enabled = true;
        private Tier read = new Tier(100, Duration.ofSeconds(5), 20, Duration.ofSeconds(5));
        private Tier general = new Tier(60, Duration.ofMinutes(1), 20, Duration.ofSeconds(5));
        private Tier sensitive = new Tier(10, Duration.ofMinutes(1), 3, Duration.ofSeconds(10));

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public Tier getRead() { return read; }
        public void setRead(Tier read) { this.read = read; }
        public Tier getGeneral() { return general; }
        public void setGeneral(Tier general) { this.general = general; }
        public Tier getSensitive() { return sensitive; }
        public void setSensitive(Tier sensitive) { this.sensitive = sensitive; }
    }

    /** One rate-limit tier: a sustained limit and a burst limit, both must allow a call. */
    public static class Tier {
        private int limit;
        private Duration period;
        private int burst;
        private Duration burstPeriod;

        public Tier() { }
        public Tier(int limit, Duration period, int burst, Duration burstPeriod) {
            this.limit = limit; this.period = period; this.burst = burst; this.burstPeriod = burstPeriod;
        }
        public int getLimit() { return limit; }
        public void setLimit(int limit) { this.limit = limit; }
        public Duration getPeriod() { return period; }
        public void setPeriod(Duration period) { this.period = period; }
        public int getBurst() { return burst; }
        public void setBurst(int burst) { this.burst = burst; }
        public Duration getBurstPeriod() { return burstPeriod; }
        public void setBurstPeriod(Duration burstPeriod) { this.burstPeriod = burstPeriod; }
    }

    public static class Webhooks {
        /**
         * How long a failed delivery is retried, counted from its first attempt (§19.5: up to 24 hours); the last
         * retry falls exactly at its end, then the delivery is given up.
         */
        private Duration retryFor = Duration.ofHours(24);
        /** A cap on the attempts per event (the first included); 0 (default): only {@code retryFor} ends them. */
        private int maxAttempts = 0;
        /** Backoff before the second attempt; doubles each time up to {@code maxBackoff} (§19.5: 2 hours). */
        private Duration initialBackoff = Duration.ofSeconds(2);
        private Duration maxBackoff = Duration.ofHours(2);
        /** Connect/read timeout of a delivery. */
        private Duration timeout = Duration.ofSeconds(10);
        /** With the outOfOrderWebhooks fault on: how long a reference's events are held before going out newest first. */
        private Duration outOfOrderWindow = Duration.ofSeconds(6);

        public Duration getRetryFor() { return retryFor; }
        public void setRetryFor(Duration retryFor) { this.retryFor = retryFor; }
        public int getMaxAttempts() { return maxAttempts; }
        public void setMaxAttempts(int maxAttempts) { this.maxAttempts = maxAttempts; }
        public Duration getInitialBackoff() { return initialBackoff; }
        public void setInitialBackoff(Duration initialBackoff) { this.initialBackoff = initialBackoff; }
        public Duration getMaxBackoff() { return maxBackoff; }
        public void setMaxBackoff(Duration maxBackoff) { this.maxBackoff = maxBackoff; }
        public Duration getTimeout() { return timeout; }
        public void setTimeout(Duration timeout) { this.timeout = timeout; }
        public Duration getOutOfOrderWindow() { return outOfOrderWindow; }
        public void setOutOfOrderWindow(Duration outOfOrderWindow) { this.outOfOrderWindow = outOfOrderWindow; }
    }

    /** Crypto bridge (§16); the undocumented details of the provider webhook are configurable (§16.8). */
    public static class Bridge {
        /** Shared secret the provider signs settlement webhooks with. */
        private String providerSecret = "whsec_sandbox_local";
        /** What the provider's HMAC covers: BODY (raw body, default) or TIMESTAMP_DOT_BODY ({@code <ts>.<body>}). */
        private String signatureInput = "BODY";
        /** Accepted skew of {@code X-Kotani-Timestamp}. */
        private Duration timestampTolerance = Duration.ofMinutes(5);
        /** Validity of refund invoices Kotani issues (§16.5: 15 minutes). */
        private Duration refundInvoiceValidity = Duration.ofMinutes(15);
        /** Minimum time between refund-invoice regenerations (§16.5: 30 s). */
        private Duration regenerationInterval = Duration.ofSeconds(30);
        /** Time scale of the bridge's stage delays (deposit confirmation, invoice payment). */
        private Duration stageDelay = Duration.ofSeconds(5);
        /** A create whose invoice expires sooner than this is refused with 422 (§16.3: at least ~60 s). */
        private Duration minInvoiceValidity = Duration.ofSeconds(60);
        /**
         * An invoice that expires within this long of the create is paid at real Kotani's slowest pace, not the
         * sandbox's quick stage delays: the payment is attempted only once the invoice has expired, so the transfer
         * fails at CRYPTO_PAYMENT with INVOICE_EXPIRED (scenario 3). Two minutes = the ~60 s §16.3 tells the provider
         * to leave for fiat collection plus the 30–60 s §16.1 gives Kotani to pay; 0 turns it off.
         */
        private Duration slowPaymentWindow = Duration.ofMinutes(2);
        /** Validity of a crypto-bridge rate quote (§16.2: 60 s, single use). */
        private Duration rateValidity = Duration.ofSeconds(60);
        /** No final provider report this long after PAYMENT_CONFIRMED (or the last SETTLING) → SETTLEMENT_UNCONFIRMED. */
        private Duration settlementDeadline = Duration.ofMinutes(10);

        public String getProviderSecret() { return providerSecret; }
        public void setProviderSecret(String providerSecret) { this.providerSecret = providerSecret; }
        public String getSignatureInput() { return signatureInput; }
        public void setSignatureInput(String signatureInput) { this.signatureInput = signatureInput; }
        public Duration getTimestampTolerance() { return timestampTolerance; }
        public void setTimestampTolerance(Duration timestampTolerance) { this.timestampTolerance = timestampTolerance; }
        public Duration getRefundInvoiceValidity() { return refundInvoiceValidity; }
        public void setRefundInvoiceValidity(Duration refundInvoiceValidity) { this.refundInvoiceValidity = refundInvoiceValidity; }
        public Duration getRegenerationInterval() { return regenerationInterval; }
        public void setRegenerationInterval(Duration regenerationInterval) { this.regenerationInterval = regenerationInterval; }
        public Duration getStageDelay() { return stageDelay; }
        public void setStageDelay(Duration stageDelay) { this.stageDelay = stageDelay; }
        public Duration getMinInvoiceValidity() { return minInvoiceValidity; }
        public void setMinInvoiceValidity(Duration minInvoiceValidity) { this.minInvoiceValidity = minInvoiceValidity; }
        public Duration getRateValidity() { return rateValidity; }
        public void setRateValidity(Duration rateValidity) { this.rateValidity = rateValidity; }
        public Duration getSlowPaymentWindow() { return slowPaymentWindow; }
        public void setSlowPaymentWindow(Duration slowPaymentWindow) { this.slowPaymentWindow = slowPaymentWindow; }
        public Duration getSettlementDeadline() { return settlementDeadline; }
        public void setSettlementDeadline(Duration settlementDeadline) { this.settlementDeadline = settlementDeadline; }
    }

    /** Payment links (§14); the contract is unpublished (§22.8), so each guess is switchable. */
    public static class PaymentLinks {
        /**
         * Which authenticated path family answers: DASHBOARD ({@code /api/v3/dashboard/payment-links}, current prose,
         * default), LEGACY ({@code /api/v3/payment-links}, April 2026 prose) or BOTH; the other family answers 404.
         */
        private String paths = "DASHBOARD";
        /** The hosted page's address; the link's {@code url} is this followed by its short code. */
        private String pageUrl = "https://pay.kotanipay.com/l/";
        /**
         * How a link payment's deposit events carry the link (§14 "plus identifiers of the originating link", names
         * unpublished): FLAT ({@code payment_link_id}, {@code payment_link_short_code},
         * {@code payment_link_transaction_id} beside the deposit's members, default) or NESTED (one
         * {@code paymentLinkTransaction} object, as the deposit status record of §9.2 names it).
         */
        private String identifiers = "FLAT";
        /**
         * Whether a payment still in flight holds one of the link's uses (default: yes, so a SINGLE_USE link is
         * never paid twice); false: only successful payments count and concurrent payments may exceed the limit.
         */
        private boolean pendingHoldsUse = true;
        /** HTTP status refusing a payment on an expired, deactivated or used-up link: 400 (default) or 410. */
        private int closedStatus = 400;

        public String getPaths() { return paths; }
        public void setPaths(String paths) { this.paths = paths; }
        public String getPageUrl() { return pageUrl; }
        public void setPageUrl(String pageUrl) { this.pageUrl = pageUrl; }
        public String getIdentifiers() { return identifiers; }
        public void setIdentifiers(String identifiers) { this.identifiers = identifiers; }
        public boolean isPendingHoldsUse() { return pendingHoldsUse; }
        public void setPendingHoldsUse(boolean pendingHoldsUse) { this.pendingHoldsUse = pendingHoldsUse; }
        public int getClosedStatus() { return closedStatus; }
        public void setClosedStatus(int closedStatus) { this.closedStatus = closedStatus; }
    }

    /** Bank checkout and card deposits (§9.4–9.6). */
    public static class Checkout {
        /**
         * The bank-checkout create's {@code data} (§9.4, §22.21): DETAILS ({@code id, referenceId, referenceNumber,
         * message, redirectUrl, customerKey, bankPaymentDetails, status}, what the flow page promises, default) or
         * ECHO (the request DTO as the spec's schema shows it, followed by those members).
         */
        private String createResponse = "DETAILS";
        /** Add {@code status} (deposit enum) to the bank-checkout status record, which documents none (§9.5). */
        private boolean statusField = true;
        /** How long an NGN one-time virtual account takes payments ({@code expiresInMinutes}). */
        private Duration virtualAccountValidity = Duration.ofMinutes(30);

        /** A card deposit whose 3-D Secure challenge is not answered this long after creation expires (§20.1: ≈30 min). */
        private Duration threeDsTimeout = Duration.ofMinutes(30);

        public Duration getThreeDsTimeout() { return threeDsTimeout; }
        public void setThreeDsTimeout(Duration threeDsTimeout) { this.threeDsTimeout = threeDsTimeout; }
        public String getCreateResponse() { return createResponse; }
        public void setCreateResponse(String createResponse) { this.createResponse = createResponse; }
        public boolean isStatusField() { return statusField; }
        public void setStatusField(boolean statusField) { this.statusField = statusField; }
        public Duration getVirtualAccountValidity() { return virtualAccountValidity; }
        public void setVirtualAccountValidity(Duration virtualAccountValidity) { this.virtualAccountValidity = virtualAccountValidity; }
    }

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public int getPort() { return port; }
    public void setPort(int port) { this.port = port; }
    public List<String> getApiKeys() { return apiKeys; }
    public void setApiKeys(List<String> apiKeys) { this.apiKeys = apiKeys; }
    public Map<String, List<String>> getUserBoundKeys() { return userBoundKeys; }
    public void setUserBoundKeys(Map<String, List<String>> userBoundKeys) { this.userBoundKeys = userBoundKeys; }
    public String getIntegratorId() { return integratorId; }
    public void setIntegratorId(String integratorId) { this.integratorId = integratorId; }
    public String getWebhookSecret() { return webhookSecret; }
    public void setWebhookSecret(String webhookSecret) { this.webhookSecret = webhookSecret; }
    public String getWebhookUrl() { return webhookUrl; }
    public void setWebhookUrl(String webhookUrl) { this.webhookUrl = webhookUrl; }
    public String getSignedTarget() { return signedTarget; }
    public void setSignedTarget(String signedTarget) { this.signedTarget = signedTarget; }
    public Duration getSettleDelay() { return settleDelay; }
    public void setSettleDelay(Duration settleDelay) { this.settleDelay = settleDelay; }
    public Duration getStepDelay() { return stepDelay; }
    public void setStepDelay(Duration stepDelay) { this.stepDelay = stepDelay; }
    public Duration getRateValidity() { return rateValidity; }
    public void setRateValidity(Duration rateValidity) { this.rateValidity = rateValidity; }
    public int getDuplicateStatus() { return duplicateStatus; }
    public void setDuplicateStatus(int duplicateStatus) { this.duplicateStatus = duplicateStatus; }
    public Map<String, BigDecimal> getWallets() { return wallets; }
    public void setWallets(Map<String, BigDecimal> wallets) { this.wallets = wallets; }
    public RateLimits getRateLimits() { return rateLimits; }
    public Webhooks getWebhooks() { return webhooks; }
    public Bridge getBridge() { return bridge; }
    public PaymentLinks getPaymentLinks() { return paymentLinks; }
    public Checkout getCheckout() { return checkout; }
}
