package io.kotanihub.dispatch;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Options of the dispatch path ({@code hub.dispatch.*}): how payments move from the ledger to Kotani and how their
 * outcome is settled. Kotani's own options (URL, key, timeouts, throttle) are in
 * {@link io.kotanihub.kotani.KotaniProperties}.
 */
@ConfigurationProperties("hub.dispatch")
public class DispatchProperties {

    /** Payments sent to Kotani in parallel (workers of the dispatch route). */
    private int concurrency = 8;
    /** Capacity of the in-memory dispatch queue; the ledger holds everything beyond it. */
    private int queueSize = 2000;
    /** How often the ledger is searched for RECEIVED payments that are due (new, after a 429, after a restart). */
    private Duration pollInterval = Duration.ofMillis(500);
    /** Commands inserted per transaction by {@link PaymentIntake#acceptAll}. */
    private int intakeBatchSize = 500;
    /**
     * How long a payment may stay SUBMITTING before the reconciler treats it as left behind by a crash and asks
     * Kotani about it. Must be longer than the longest create call (throttle wait plus the Kotani timeouts).
     */
    private Duration abandonedAfter = Duration.ofMinutes(2);
    /** First status check of a payment whose create call ended UNKNOWN. */
    private Duration unknownCheckDelay = Duration.ofSeconds(5);
    /** How often the reconciler runs (it also runs once at start-up). */
    private Duration reconcileInterval = Duration.ofSeconds(10);
    /** How often the status poller looks for payments due for a status check. */
    private Duration statusPollInterval = Duration.ofSeconds(1);
    /** Shortest interval between status checks of a non-final payment (the interval grows with its age). */
    private Duration statusCheckMin = Duration.ofSeconds(5);
    /** Longest interval between status checks of a non-final payment. */
    private Duration statusCheckMax = Duration.ofMinutes(10);
    /** A payment is checked again after about this share of its age (backoff), within min and max. */
    private double statusCheckBackoff = 0.25;
    /** CANCELLED and EXPIRED payments are still checked for this long, for Kotani's late corrections (§19.5). */
    private Duration correctionWindow = Duration.ofMinutes(10);
    /** A SUBMITTED payment that Kotani's status endpoint does not know is resent only after this long. */
    private Duration notFoundGrace = Duration.ofMinutes(2);
    /** Wait before trying again after a transient failure that happened before anything was sent. */
    private Duration retryDelay = Duration.ofSeconds(5);
    /** Payments taken per status-check poll. */
    private int checkBatchSize = 500;
    /** How long a payment taken for a status check is kept out of the due lists. */
    private Duration checkLease = Duration.ofMinutes(1);
    /**
     * Kotani customers (phone to customer key) kept in memory in front of the ledger's {@code kotani_customers}
     * cache, most recently used first; 0 reads the ledger every time.
     */
    private int customerCacheSize = 20000;

    public int getConcurrency() { return concurrency; }
    public void setConcurrency(int concurrency) { this.concurrency = concurrency; }
    public int getQueueSize() { return queueSize; }
    public void setQueueSize(int queueSize) { this.queueSize = queueSize; }
    public Duration getPollInterval() { return pollInterval; }
    public void setPollInterval(Duration pollInterval) { this.pollInterval = pollInterval; }
    public int getIntakeBatchSize() { return intakeBatchSize; }
    public void setIntakeBatchSize(int intakeBatchSize) { this.intakeBatchSize = intakeBatchSize; }
    public Duration getAbandonedAfter() { return abandonedAfter; }
    public void setAbandonedAfter(Duration abandonedAfter) { this.abandonedAfter = abandonedAfter; }
    public Duration getUnknownCheckDelay() { return unknownCheckDelay; }
    public void setUnknownCheckDelay(Duration unknownCheckDelay) { this.unknownCheckDelay = unknownCheckDelay; }
    public Duration getReconcileInterval() { return reconcileInterval; }
    public void setReconcileInterval(Duration reconcileInterval) { this.reconcileInterval = reconcileInterval; }
    public Duration getStatusPollInterval() { return statusPollInterval; }
    public void setStatusPollInterval(Duration statusPollInterval) { this.statusPollInterval = statusPollInterval; }
    public Duration getStatusCheckMin() { return statusCheckMin; }
    public void setStatusCheckMin(Duration statusCheckMin) { this.statusCheckMin = statusCheckMin; }
    public Duration getStatusCheckMax() { return statusCheckMax; }
    public void setStatusCheckMax(Duration statusCheckMax) { this.statusCheckMax = statusCheckMax; }
    public double getStatusCheckBackoff() { return statusCheckBackoff; }
    public void setStatusCheckBackoff(double statusCheckBackoff) { this.statusCheckBackoff = statusCheckBackoff; }
    public Duration getCorrectionWindow() { return correctionWindow; }
    public void setCorrectionWindow(Duration correctionWindow) { this.correctionWindow = correctionWindow; }
    public Duration getNotFoundGrace() { return notFoundGrace; }
    public void setNotFoundGrace(Duration notFoundGrace) { this.notFoundGrace = notFoundGrace; }
    public Duration getRetryDelay() { return retryDelay; }
    public void setRetryDelay(Duration retryDelay) { this.retryDelay = retryDelay; }
    public int getCheckBatchSize() { return checkBatchSize; }
    public void setCheckBatchSize(int checkBatchSize) { this.checkBatchSize = checkBatchSize; }
    public Duration getCheckLease() { return checkLease; }
    public void setCheckLease(Duration checkLease) { this.checkLease = checkLease; }
    public int getCustomerCacheSize() { return customerCacheSize; }
    public void setCustomerCacheSize(int customerCacheSize) { this.customerCacheSize = customerCacheSize; }
}
