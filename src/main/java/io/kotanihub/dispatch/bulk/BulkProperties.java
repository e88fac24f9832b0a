package io.kotanihub.dispatch.bulk;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Bulk mode ({@code hub.bulk.*}): how the rows of a batch that Kotani's bulk payments API can take (REFERENCE §15:
 * mobile-money payouts with a known network) are sent in chunks, and how {@code auto} decides. The mode itself is
 * {@code hub.files.dispatch-mode} (per batch: a REST batch's {@code dispatchMode}).
 */
@Validated
@ConfigurationProperties("hub.bulk")
public class BulkProperties {

    /** Rows per chunk (one Kotani batch each) at most; Kotani advises about 500 (§15.5). */
    @Min(1) @Max(500)
    private int maxBatchSize = 500;
    /**
     * {@code auto}: how long Kotani takes per payment of a bulk batch (it sends them one after another), to weigh the
     * bulk path against one create call per row at the configured rate limits.
     */
    @NotNull
    private Duration estimatedPaymentTime = Duration.ofMillis(100);
    /** Kotani requires a recipient e-mail on every bulk row (§15.3); the hub's rows have none, so this is sent. */
    @NotBlank
    private String recipientEmail = "payouts@example.com";
    /** Mobile networks sent in bulk ({@code auto}/{@code bulk}); rows with another or no network go one by one. */
    @NotEmpty
    private Set<String> networks = new LinkedHashSet<>(List.of("MPESA", "MTN", "AIRTEL", "VODAFONE", "TIGO", "YAS",
            "ORANGE", "ZAMTEL", "MOOV", "TMONEY", "FREE", "EXPRESSO", "HALOPESA", "VODACOM", "WAVE"));
    /** Check each chunk's CSV with Kotani first ({@code validate-csv}: {@code fileHash}, {@code isDuplicate}). */
    private boolean validateCsv = true;
    /** How often the bulk routes look for chunks due (create, reconcile, track). */
    @NotNull
    private Duration pollInterval = Duration.ofSeconds(1);
    /** A CREATING chunk counts as left behind by a crash after this (longer than a create call can last). */
    @NotNull
    private Duration abandonedAfter = Duration.ofMinutes(2);
    /** First reconciliation of a chunk whose create call's outcome is unknown (and between attempts). */
    @NotNull
    private Duration reconcileDelay = Duration.ofSeconds(30);
    /** How often a created chunk's Kotani batch is read (status, progress; the read budget). */
    @NotNull
    private Duration trackInterval = Duration.ofSeconds(10);
    /** Pages of 100 read from a listing at most when a chunk's Kotani batch is looked for. */
    @Min(1)
    private int maxListingPages = 20;
    /** Wait before trying again after a failed listing, wallet look-up or similar. */
    @NotNull
    private Duration retryDelay = Duration.ofSeconds(5);

    public int getMaxBatchSize() { return maxBatchSize; }
    public void setMaxBatchSize(int maxBatchSize) { this.maxBatchSize = maxBatchSize; }
    public Duration getEstimatedPaymentTime() { return estimatedPaymentTime; }
    public void setEstimatedPaymentTime(Duration estimatedPaymentTime) { this.estimatedPaymentTime = estimatedPaymentTime; }
    public String getRecipientEmail() { return recipientEmail; }
    public void setRecipientEmail(String recipientEmail) { this.recipientEmail = recipientEmail; }
    public Set<String> getNetworks() { return networks; }
    public void setNetworks(Set<String> networks) { this.networks = networks; }
    public boolean isValidateCsv() { return validateCsv; }
    public void setValidateCsv(boolean validateCsv) { this.validateCsv = validateCsv; }
    public Duration getPollInterval() { return pollInterval; }
    public void setPollInterval(Duration pollInterval) { this.pollInterval = pollInterval; }
    public Duration getAbandonedAfter() { return abandonedAfter; }
    public void setAbandonedAfter(Duration abandonedAfter) { this.abandonedAfter = abandonedAfter; }
    public Duration getReconcileDelay() { return reconcileDelay; }
    public void setReconcileDelay(Duration reconcileDelay) { this.reconcileDelay = reconcileDelay; }
    public Duration getTrackInterval() { return trackInterval; }
    public void setTrackInterval(Duration trackInterval) { this.trackInterval = trackInterval; }
    public int getMaxListingPages() { return maxListingPages; }
    public void setMaxListingPages(int maxListingPages) { this.maxListingPages = maxListingPages; }
    public Duration getRetryDelay() { return retryDelay; }
    public void setRetryDelay(Duration retryDelay) { this.retryDelay = retryDelay; }
}
