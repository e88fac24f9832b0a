package io.kotanihub.ops.metrics;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code hub.metrics.*}: the hub's own Prometheus metrics ({@code kotani_hub_*} at {@code /actuator/prometheus}). */
@ConfigurationProperties(prefix = "hub.metrics")
public class MetricsProperties {

    /**
     * How long the ledger's grouped counts (payments by type and status, batches, ERP outbox) are reused before they
     * are read again; scrapes within this time cost no query.
     */
    private Duration ledgerRefresh = Duration.ofSeconds(5);

    /** The window over which {@code kotani_hub_batch_rows_per_second} is measured. */
    private Duration rateWindow = Duration.ofSeconds(30);

    public Duration getLedgerRefresh() {
        return ledgerRefresh;
    }

    public void setLedgerRefresh(Duration ledgerRefresh) {
        this.ledgerRefresh = ledgerRefresh;
    }

    public Duration getRateWindow() {
        return rateWindow;
    }

    public void setRateWindow(Duration rateWindow) {
        this.rateWindow = rateWindow;
    }
}
