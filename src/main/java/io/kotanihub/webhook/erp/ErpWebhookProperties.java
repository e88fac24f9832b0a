package io.kotanihub.webhook.erp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Outbound webhooks to the user's ERP ({@code hub.erp.*}), signed with the Standard Webhooks scheme. */
@ConfigurationProperties("hub.erp")
public class ErpWebhookProperties {

    /** Where every payment status change is delivered; unset = no ERP deliveries (per-command callbacks still go). */
    private String webhookUrl;
    /** {@code whsec_<base64>} secret the deliveries are signed with; required when anything is delivered. */
    private String webhookSecret;
    /**
     * Delay before each attempt after the previous one failed (the first normally 0: at once). A delivery whose
     * last scheduled attempt fails is kept as DEAD, listed by the API and replayable. The default spans about a day.
     */
    private List<Duration> retrySchedule = new ArrayList<>(List.of(Duration.ZERO, Duration.ofSeconds(5),
            Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5),
            Duration.ofHours(10), Duration.ofHours(10)));
    /** Connect and response timeout of one attempt. */
    private Duration timeout = Duration.ofSeconds(10);
    /** Deliveries attempted per poll. */
    private int batchSize = 50;
    /** How often the outbox is looked at for due deliveries. */
    private Duration deliverInterval = Duration.ofMillis(500);

    public String getWebhookUrl() { return webhookUrl; }
    public void setWebhookUrl(String webhookUrl) { this.webhookUrl = webhookUrl; }
    public String getWebhookSecret() { return webhookSecret; }
    public void setWebhookSecret(String webhookSecret) { this.webhookSecret = webhookSecret; }
    public List<Duration> getRetrySchedule() { return retrySchedule; }
    public void setRetrySchedule(List<Duration> retrySchedule) { this.retrySchedule = retrySchedule; }
    public Duration getTimeout() { return timeout; }
    public void setTimeout(Duration timeout) { this.timeout = timeout; }
    public int getBatchSize() { return batchSize; }
    public void setBatchSize(int batchSize) { this.batchSize = batchSize; }
    public Duration getDeliverInterval() { return deliverInterval; }
    public void setDeliverInterval(Duration deliverInterval) { this.deliverInterval = deliverInterval; }
}
