package io.kotanihub.invoices;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Receivables ({@code hub.invoices.*}, issue 15): ERP invoices collected through Kotani payment links (§14). */
@ConfigurationProperties("hub.invoices")
public class InvoiceProperties {

    /** How often due link creates, look-ups and polls are looked for. */
    private Duration workInterval = Duration.ofSeconds(1);

    /** A taken link create is not taken again (by this or another hub) for this long. */
    private Duration createLease = Duration.ofSeconds(30);

    /** A link create that was held back, refused with a 429 or whose answer was lost is tried again after this. */
    private Duration retryDelay = Duration.ofSeconds(5);

    /** An open invoice's link and payments are read from Kotani this often (webhooks come first; this fills gaps). */
    private Duration pollInterval = Duration.ofSeconds(60);

    /** Links and payments read per look-up, at most (pages of 100). */
    private int maxPages = 20;

    /** Invoices taken per round (creates and polls each). */
    private int batchSize = 20;

    /** The largest request body the invoice API reads. */
    private int maxBodyBytes = 64 * 1024;

    public Duration getWorkInterval() { return workInterval; }
    public void setWorkInterval(Duration workInterval) { this.workInterval = workInterval; }
    public Duration getCreateLease() { return createLease; }
    public void setCreateLease(Duration createLease) { this.createLease = createLease; }
    public Duration getRetryDelay() { return retryDelay; }
    public void setRetryDelay(Duration retryDelay) { this.retryDelay = retryDelay; }
    public Duration getPollInterval() { return pollInterval; }
    public void setPollInterval(Duration pollInterval) { this.pollInterval = pollInterval; }
    public int getMaxPages() { return maxPages; }
    public void setMaxPages(int maxPages) { this.maxPages = maxPages; }
    public int getBatchSize() { return batchSize; }
    public void setBatchSize(int batchSize) { this.batchSize = batchSize; }
    public int getMaxBodyBytes() { return maxBodyBytes; }
    public void setMaxBodyBytes(int maxBodyBytes) { this.maxBodyBytes = maxBodyBytes; }
}
