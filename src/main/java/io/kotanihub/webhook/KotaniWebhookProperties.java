package io.kotanihub.webhook;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * How the hub receives Kotani's webhooks on {@code POST /webhooks/kotani} (REFERENCE §19), tells Kotani where to send
 * them, and applies them to the ledger. These are the webhook options under {@code hub.kotani}; the Kotani client's
 * own options (base URL, API key, throttle, and {@code callback-url}, the per-payout alternative to registering the
 * webhook URL) are bound elsewhere from the same prefix.
 */
@ConfigurationProperties("hub.kotani")
public class KotaniWebhookProperties {

    /**
     * The integrator's webhook secret, as configured at Kotani; signed webhooks ({@code X-Kotani-Signature}) are
     * verified with it. Without it no signed webhook is accepted.
     */
    private String webhookSecret;

    /**
     * The secret before the last rotation, still accepted until Kotani signs with the new one (REFERENCE §19.5:
     * update verifiers before switching). Empty when no rotation is under way.
     */
    private String previousWebhookSecret;

    /**
     * Accept unsigned direct callbacks (REFERENCE §19.1, integrators without a webhook secret). They cannot be
     * authenticated: they are stored flagged as unverified, and their content must be confirmed with Kotani's status
     * endpoint before a payment changes. Off by default: then a request without a signature is refused with 401.
     */
    private boolean acceptDirectCallbacks = false;

    /** Largest webhook body accepted; larger ones are refused with 413 before any parsing. */
    private DataSize maxWebhookBody = DataSize.ofKilobytes(256);

    /**
     * At start-up (once the web server listens, so its real port is known) set Kotani's integrator webhook URL to
     * {@code <public-base-url>/webhooks/kotani} with {@code PATCH /api/v3/integrator/webhook} (REFERENCE §5.3), and
     * keep trying while Kotani cannot be reached. On in the embedded profile (the sandbox then delivers its signed
     * webhooks to this hub); off by default and in production, where the URL is usually set in Kotani's dashboard.
     */
    private boolean registerWebhookUrl = false;

    /**
     * The hub's base URL as Kotani reaches it (e.g. {@code https://hub.example.com}); empty means
     * {@code http://localhost:<server port>}, which only an in-process or local Kotani (the sandbox) can reach.
     */
    private String publicBaseUrl;

    /** How often the registration is tried again while it has not succeeded. */
    private Duration registrationRetryInterval = Duration.ofSeconds(30);

    private final Apply webhookApply = new Apply();

    /** Applying stored webhooks to the ledger ({@code hub.kotani.webhook-apply.*}), asynchronously to their receipt. */
    public static class Apply {
        /** Run the applier route (off only for tests that look at stored, not yet applied events). */
        private boolean enabled = true;
        /** How often stored, unprocessed events are looked for. */
        private Duration interval = Duration.ofMillis(250);
        /** Events taken per look. */
        private int batchSize = 200;
        /**
         * How long a taken event is left to its applier; an event whose processing died (crash, error) is taken
         * again after it, by this or another instance.
         */
        private Duration lease = Duration.ofSeconds(30);
        /** An unverified callback about a payment still being sent is looked at again after this delay. */
        private Duration deferDelay = Duration.ofSeconds(2);
        /**
         * Polling backs off while webhooks flow: a payment that a verified webhook has just updated is not checked
         * with Kotani's status endpoint sooner than this (longer backoffs of the poller are kept).
         */
        private Duration pollBackoff = Duration.ofMinutes(1);

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public Duration getInterval() { return interval; }
        public void setInterval(Duration interval) { this.interval = interval; }
        public int getBatchSize() { return batchSize; }
        public void setBatchSize(int batchSize) { this.batchSize = batchSize; }
        public Duration getLease() { return lease; }
        public void setLease(Duration lease) { this.lease = lease; }
        public Duration getDeferDelay() { return deferDelay; }
        public void setDeferDelay(Duration deferDelay) { this.deferDelay = deferDelay; }
        public Duration getPollBackoff() { return pollBackoff; }
        public void setPollBackoff(Duration pollBackoff) { this.pollBackoff = pollBackoff; }
    }

    public String getWebhookSecret() { return webhookSecret; }
    public void setWebhookSecret(String webhookSecret) { this.webhookSecret = webhookSecret; }
    public String getPreviousWebhookSecret() { return previousWebhookSecret; }
    public void setPreviousWebhookSecret(String previousWebhookSecret) { this.previousWebhookSecret = previousWebhookSecret; }
    public boolean isAcceptDirectCallbacks() { return acceptDirectCallbacks; }
    public void setAcceptDirectCallbacks(boolean acceptDirectCallbacks) { this.acceptDirectCallbacks = acceptDirectCallbacks; }
    public DataSize getMaxWebhookBody() { return maxWebhookBody; }
    public void setMaxWebhookBody(DataSize maxWebhookBody) { this.maxWebhookBody = maxWebhookBody; }
    public boolean isRegisterWebhookUrl() { return registerWebhookUrl; }
    public void setRegisterWebhookUrl(boolean registerWebhookUrl) { this.registerWebhookUrl = registerWebhookUrl; }
    public String getPublicBaseUrl() { return publicBaseUrl; }
    public void setPublicBaseUrl(String publicBaseUrl) { this.publicBaseUrl = publicBaseUrl; }
    public Duration getRegistrationRetryInterval() { return registrationRetryInterval; }
    public void setRegistrationRetryInterval(Duration registrationRetryInterval) { this.registrationRetryInterval = registrationRetryInterval; }
    public Apply getWebhookApply() { return webhookApply; }
}
