package io.kotanihub.webhook;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * How the hub receives Kotani's webhooks on {@code POST /webhooks/kotani} (REFERENCE §19). These are the webhook
 * options under {@code hub.kotani}; the Kotani client's own options (base URL, API key, throttle) are bound
 * elsewhere from the same prefix.
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

    public String getWebhookSecret() { return webhookSecret; }
    public void setWebhookSecret(String webhookSecret) { this.webhookSecret = webhookSecret; }
    public String getPreviousWebhookSecret() { return previousWebhookSecret; }
    public void setPreviousWebhookSecret(String previousWebhookSecret) { this.previousWebhookSecret = previousWebhookSecret; }
    public boolean isAcceptDirectCallbacks() { return acceptDirectCallbacks; }
    public void setAcceptDirectCallbacks(boolean acceptDirectCallbacks) { this.acceptDirectCallbacks = acceptDirectCallbacks; }
    public DataSize getMaxWebhookBody() { return maxWebhookBody; }
    public void setMaxWebhookBody(DataSize maxWebhookBody) { this.maxWebhookBody = maxWebhookBody; }
}
