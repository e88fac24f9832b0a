package io.kotanihub.kotani;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the hub talks to Kotani ({@code hub.kotani.*}): where, with which key, how long to wait, which payout wallet
 * to debit per currency, and how fast to call (the throttle follows Kotani's per-key, per-endpoint limits of
 * REFERENCE §2.3; every hub instance on one PostgreSQL database shares one budget).
 */
@ConfigurationProperties("hub.kotani")
public class KotaniProperties {

    /** Kotani's base URL (the embedded sandbox by default; {@code https://api.kotanipay.com} in production). */
    private String baseUrl = "http://localhost:8091";
    /** API key sent as {@code Authorization: Bearer <key>}; never logged. */
    private String apiKey;
    /** Secret Kotani signs its webhooks with (REFERENCE §19.2); never logged. */
    private String webhookSecret;
    /** Time to establish a connection; a connect failure means nothing was sent. */
    private Duration connectTimeout = Duration.ofSeconds(5);
    /** Time to wait for a complete answer; after it a create call's outcome is UNKNOWN. */
    private Duration requestTimeout = Duration.ofSeconds(30);
    /**
     * Connections kept open to Kotani per operation (camel-http's pool of each Kamelet's endpoint): at least the
     * dispatch workers plus the status checkers, so that no call waits for a connection.
     */
    private int connections = 64;
    /** Payout wallet id per currency (e.g. {@code KES: 64a1...}); currencies not listed are found in GET /wallet/fiat. */
    private Map<String, String> payoutWallets = new LinkedHashMap<>();
    /** URL Kotani calls back with status changes of the hub's payouts (sent as {@code callbackUrl}); unset: none. */
    private String callbackUrl;
    private final Throttle throttle = new Throttle();

    /** The hub's own rate limiting of its calls to Kotani. */
    public static class Throttle {
        /** Throttle calls to Kotani (false lets benchmarks measure the hub itself). */
        private boolean enabled = true;
        /**
         * How much later than planned a call may reach Kotani (thread scheduling, pauses, the network, clock skew
         * between instances) and still keep every window within Kotani's limits: the pacing leaves this much room.
         */
        private Duration jitterAllowance = Duration.ofSeconds(2);
        /** Longest a worker waits for the budget before it leaves the payment for a later round. */
        private Duration maxWait = Duration.ofSeconds(1);
        /** Read-only tier: status checks, lists, look-ups (GET). */
        private Tier read = new Tier(100, Duration.ofSeconds(5), 20, Duration.ofSeconds(5));
        /** General tier ("moving money"): payouts, customer creation, other create/update calls. */
        private Tier general = new Tier(60, Duration.ofMinutes(1), 20, Duration.ofSeconds(5));

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public Duration getJitterAllowance() { return jitterAllowance; }
        public void setJitterAllowance(Duration jitterAllowance) { this.jitterAllowance = jitterAllowance; }
        public Duration getMaxWait() { return maxWait; }
        public void setMaxWait(Duration maxWait) { this.maxWait = maxWait; }
        public Tier getRead() { return read; }
        public void setRead(Tier read) { this.read = read; }
        public Tier getGeneral() { return general; }
        public void setGeneral(Tier general) { this.general = general; }
    }

    /**
     * One of Kotani's tiers, per endpoint: a sustained limit and a burst limit, both counted in sliding windows.
     * The hub paces calls evenly at the stricter of the two (see {@link #spacing()}).
     */
    public static class Tier {
        private int limit;
        private Duration period;
        private int burst;
        private Duration burstPeriod;

        public Tier() { }

        public Tier(int limit, Duration period, int burst, Duration burstPeriod) {
            this.limit = limit;
            this.period = period;
            this.burst = burst;
            this.burstPeriod = burstPeriod;
        }

        /**
         * The spacing between two calls that keeps every window within both limits: one call per cycle of length
         * {@code period / (limit - 1)} puts at most {@code limit} calls into any window of length {@code period},
         * however the window is placed.
         */
        public Duration spacing() {
            return spacing(Duration.ZERO, 1);
        }

        /**
         * The spacing of a token bucket holding up to {@code tokens} tokens that keeps every window within both
         * limits even when calls arrive up to {@code jitter} later than planned: calls planned within
         * {@code window + jitter} may arrive within one window, and a bucket lets at most {@code tokens} calls plus
         * one per spacing into any stretch, so {@code tokens + (window + jitter) / spacing} may not exceed the limit.
         */
        public Duration spacing(Duration jitter, int tokens) {
            Duration sustained = perCall(period.plus(jitter), limit - tokens + 1);
            Duration bursts = perCall(burstPeriod.plus(jitter), burst - tokens + 1);
            return sustained.compareTo(bursts) >= 0 ? sustained : bursts;
        }

        private static Duration perCall(Duration window, int calls) {
            return calls <= 1 ? window.plusMillis(1) : window.dividedBy(calls - 1L);
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

    public int getConnections() { return connections; }
    public void setConnections(int connections) { this.connections = connections; }
    public String getBaseUrl() { return baseUrl; }
    public void setBaseUrl(String baseUrl) { this.baseUrl = baseUrl; }
    public String getApiKey() { return apiKey; }
    public void setApiKey(String apiKey) { this.apiKey = apiKey; }
    public String getWebhookSecret() { return webhookSecret; }
    public void setWebhookSecret(String webhookSecret) { this.webhookSecret = webhookSecret; }
    public Duration getConnectTimeout() { return connectTimeout; }
    public void setConnectTimeout(Duration connectTimeout) { this.connectTimeout = connectTimeout; }
    public Duration getRequestTimeout() { return requestTimeout; }
    public void setRequestTimeout(Duration requestTimeout) { this.requestTimeout = requestTimeout; }
    public Map<String, String> getPayoutWallets() { return payoutWallets; }
    public void setPayoutWallets(Map<String, String> payoutWallets) { this.payoutWallets = payoutWallets; }
    public String getCallbackUrl() { return callbackUrl; }
    public void setCallbackUrl(String callbackUrl) { this.callbackUrl = callbackUrl; }
    public Throttle getThrottle() { return throttle; }
}
