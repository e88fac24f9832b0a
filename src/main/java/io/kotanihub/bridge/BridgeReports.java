package io.kotanihub.bridge;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.kotanihub.kotani.KotaniProperties;
import io.kotanihub.kotani.KotaniResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Delivers the report outbox to Kotani's provider settlement webhook (§16.8): in order per transfer, each attempt
 * signed afresh ({@link ReportSigner}), retried on {@code hub.bridge.reports.retry-schedule} (its last delay
 * repeating) until Kotani acknowledges. A 4xx other than 401/408/429 is Kotani's final refusal: the report is
 * REJECTED and the refusal recorded as an anomaly of the transfer. Kotani's acknowledgement carries the transfer's
 * status, which is applied at once.
 */
@Component
public class BridgeReports {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeReports.class);

    private final BridgeLedger ledger;
    private final BridgeClient client;
    private final BridgeProperties properties;
    private final KotaniProperties kotani;

    public BridgeReports(BridgeLedger ledger, BridgeClient client, BridgeProperties properties,
                         KotaniProperties kotani) {
        this.ledger = ledger;
        this.client = client;
        this.properties = properties;
        this.kotani = kotani;
    }

    /** Attempts the due reports; returns how many. */
    public int deliverDue() {
        Duration lease = kotani.getRequestTimeout().multipliedBy(2);
        List<BridgeTransfer.Report> due = ledger.leaseDueReports(lease, properties.getReports().getBatchSize());
        ReportSigner signer = new ReportSigner(properties.getReports());
        for (BridgeTransfer.Report report : due) {
            KotaniResponse response = client.settlement(report.body(),
                    signer.headers(report.body(), Instant.now().getEpochSecond()));
            if (response.accepted()) {
                ledger.reportDelivered(report.id(), response.httpStatus());
                LOG.info("bridge report #{} ({}) acknowledged by Kotani", report.id(), report.status());
                applyAcknowledged(report, response.data());
            } else if (response.outcome() == KotaniResponse.Outcome.REJECTED && response.httpStatus() != 401
                    && response.httpStatus() != 408) {
                ledger.reportRejected(report.id(), response.httpStatus(), response.message());
                ledger.recordAnomaly(report.transferId(), report.status(), "REPORT",
                        "Kotani refused the " + report.status() + " report (HTTP " + response.httpStatus() + "): "
                                + response.message());
            } else {
                List<Duration> schedule = properties.getReports().getRetrySchedule();
                Duration delay = schedule.isEmpty() ? Duration.ofSeconds(30)
                        : schedule.get(Math.min(report.attempts(), schedule.size() - 1));
                if (response.retryAfter() != null && response.retryAfter().compareTo(delay) > 0) {
                    delay = response.retryAfter();
                }
                ledger.reportRetry(report.id(), response.httpStatus() == 0 ? null : response.httpStatus(),
                        response.message(), Instant.now().plus(delay));
                LOG.warn("bridge report #{} ({}) not acknowledged ({}); next attempt in {}", report.id(),
                        report.status(), response.message(), delay);
            }
        }
        return due.size();
    }

    private void applyAcknowledged(BridgeTransfer.Report report, JsonNode data) {
        TransferStatus status = TransferStatus.parse(BridgeService.text(data, "status"));
        if (status == null) {
            return;
        }
        BridgeLedger.Failure failure = null;
        if (status == TransferStatus.FAILED) {
            JsonNode details = BridgeService.readTree(report.body()).path("failure_details");
            failure = new BridgeLedger.Failure(BridgeService.text(details, "failure_stage"),
                    BridgeService.text(details, "failure_reason"), BridgeService.text(details, "failure_message"));
        }
        ledger.apply(report.transferId(), new BridgeLedger.Change(status, Instant.now(), "REPORT", failure, null));
    }
}
