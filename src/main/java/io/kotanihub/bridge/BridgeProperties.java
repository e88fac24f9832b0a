package io.kotanihub.bridge;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The crypto-bridge provider flow ({@code hub.bridge.*}, REFERENCE §16): every option of the feature. */
@ConfigurationProperties("hub.bridge")
public class BridgeProperties {

    /**
     * A create whose {@code crypto_payment.expires_at} leaves less than this for fiat collection is refused before
     * Kotani is called (§16.3: at least ~60 s).
     */
    private Duration minInvoiceValidity = Duration.ofSeconds(60);

    /**
     * The Kotani wallet sent as {@code wallet_id} when the provider's request has none; when empty (the default), the
     * integrator's wallet of the transfer's source currency ({@code hub.kotani.payout-wallets}, else discovered from
     * Kotani's wallet list, as for payouts).
     */
    private String walletId;

    /**
     * The {@code callback_url} sent to Kotani when the request has none; empty means
     * {@code <hub.kotani.public-base-url or http://localhost:<server port>>/webhooks/kotani/bridge}.
     */
    private String callbackUrl;

    /** Poll Kotani's bridge status endpoint for a transfer not final and not updated for this long. */
    private Duration pollInterval = Duration.ofSeconds(30);

    /** How many transfers one polling round checks. */
    private int pollBatchSize = 50;

    private final Reports reports = new Reports();
    private final Refund refund = new Refund();
    private final Kafka kafka = new Kafka();
    private final Work work = new Work();

    /** How often each of the bridge's background routes (routes/bridge-work.camel.yaml) looks for due work. */
    public static class Work {
        /** Stored Kotani callbacks applied to the transfers. */
        private Duration callbacksInterval = Duration.ofMillis(200);
        /** Signed settlement and refund reports delivered to Kotani. */
        private Duration reportsInterval = Duration.ofMillis(200);
        /** Transfers due a status poll looked for (each is polled after {@code poll-interval} without news). */
        private Duration statusScanInterval = Duration.ofMillis(500);
        /** Failed settlements reviewed for a refund instruction. */
        private Duration refundReviewInterval = Duration.ofMillis(250);
        /** Creates whose Kotani answer was lost (or never sent) sent again. */
        private Duration createRetryInterval = Duration.ofSeconds(5);

        public Duration getCallbacksInterval() { return callbacksInterval; }
        public void setCallbacksInterval(Duration callbacksInterval) { this.callbacksInterval = callbacksInterval; }
        public Duration getReportsInterval() { return reportsInterval; }
        public void setReportsInterval(Duration reportsInterval) { this.reportsInterval = reportsInterval; }
        public Duration getStatusScanInterval() { return statusScanInterval; }
        public void setStatusScanInterval(Duration statusScanInterval) { this.statusScanInterval = statusScanInterval; }
        public Duration getRefundReviewInterval() { return refundReviewInterval; }
        public void setRefundReviewInterval(Duration refundReviewInterval) { this.refundReviewInterval = refundReviewInterval; }
        public Duration getCreateRetryInterval() { return createRetryInterval; }
        public void setCreateRetryInterval(Duration createRetryInterval) { this.createRetryInterval = createRetryInterval; }
    }

    /** Signed settlement and refund reports to Kotani (§16.8) and their durable outbox. */
    public static class Reports {
        /** Shared secret the reports are signed with (HMAC-SHA256). */
        private String secret = "whsec_sandbox_local";
        /** What the HMAC covers: {@code BODY} (the exact raw body, the reference's recommendation) or {@code TIMESTAMP_DOT_BODY}. */
        private String signatureInput = "BODY";
        /** Header carrying {@code sha256=<lowercase hex>}. */
        private String signatureHeader = "X-Kotani-Signature";
        /** Header carrying the unix timestamp (seconds) of the attempt. */
        private String timestampHeader = "X-Kotani-Timestamp";
        /** Prefix of the signature value. */
        private String signaturePrefix = "sha256=";
        /** Delay before each retry (the last one repeats until Kotani acknowledges). */
        private List<Duration> retrySchedule = new ArrayList<>(List.of(Duration.ofSeconds(1), Duration.ofSeconds(5),
                Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(10)));
        /** Reports attempted per round. */
        private int batchSize = 50;

        public String getSecret() { return secret; }
        public void setSecret(String secret) { this.secret = secret; }
        public String getSignatureInput() { return signatureInput; }
        public void setSignatureInput(String signatureInput) { this.signatureInput = signatureInput; }
        public String getSignatureHeader() { return signatureHeader; }
        public void setSignatureHeader(String signatureHeader) { this.signatureHeader = signatureHeader; }
        public String getTimestampHeader() { return timestampHeader; }
        public void setTimestampHeader(String timestampHeader) { this.timestampHeader = timestampHeader; }
        public String getSignaturePrefix() { return signaturePrefix; }
        public void setSignaturePrefix(String signaturePrefix) { this.signaturePrefix = signaturePrefix; }
        public List<Duration> getRetrySchedule() { return retrySchedule; }
        public void setRetrySchedule(List<Duration> retrySchedule) { this.retrySchedule = retrySchedule; }
        public int getBatchSize() { return batchSize; }
        public void setBatchSize(int batchSize) { this.batchSize = batchSize; }
    }

    /** Returning the crypto after a failed settlement (§16.5). */
    public static class Refund {
        /** Regenerations of an expired refund invoice through the refund-config endpoint (Kotani allows 3). */
        private int maxRegenerations = 3;
        /** Minimum spacing between regenerations (Kotani requires 30 s). */
        private Duration regenerationInterval = Duration.ofSeconds(30);
        /** An invoice with less validity than this left is treated as expired (the provider needs time to pay it). */
        private Duration invoiceMargin = Duration.ZERO;

        public int getMaxRegenerations() { return maxRegenerations; }
        public void setMaxRegenerations(int maxRegenerations) { this.maxRegenerations = maxRegenerations; }
        public Duration getRegenerationInterval() { return regenerationInterval; }
        public void setRegenerationInterval(Duration regenerationInterval) { this.regenerationInterval = regenerationInterval; }
        public Duration getInvoiceMargin() { return invoiceMargin; }
        public void setInvoiceMargin(Duration invoiceMargin) { this.invoiceMargin = invoiceMargin; }
    }

    /** Kafka topics of the bridge (profile {@code kafka}; brokers and switch are {@code hub.kafka.*}). */
    public static class Kafka {
        /** Creates, one request of §16.3 per message (key = provider_reference_id). */
        private String commandsTopic = "kotani.bridge.commands";
        /** The provider's settlement and refund reports (body of POST …/settlement or …/refund plus provider_reference_id and report). */
        private String settlementsTopic = "kotani.bridge.settlements";
        /** Every status change and REFUND_REQUIRED (key = provider_reference_id). */
        private String eventsTopic = "kotani.bridge.events";
        /** Messages that can never be processed, with the reason in headers. */
        private String dlqTopic = "kotani.bridge.dlq";

        public String getCommandsTopic() { return commandsTopic; }
        public void setCommandsTopic(String commandsTopic) { this.commandsTopic = commandsTopic; }
        public String getSettlementsTopic() { return settlementsTopic; }
        public void setSettlementsTopic(String settlementsTopic) { this.settlementsTopic = settlementsTopic; }
        public String getEventsTopic() { return eventsTopic; }
        public void setEventsTopic(String eventsTopic) { this.eventsTopic = eventsTopic; }
        public String getDlqTopic() { return dlqTopic; }
        public void setDlqTopic(String dlqTopic) { this.dlqTopic = dlqTopic; }
    }

    public Duration getMinInvoiceValidity() { return minInvoiceValidity; }
    public void setMinInvoiceValidity(Duration minInvoiceValidity) { this.minInvoiceValidity = minInvoiceValidity; }
    public String getWalletId() { return walletId; }
    public void setWalletId(String walletId) { this.walletId = walletId; }
    public String getCallbackUrl() { return callbackUrl; }
    public void setCallbackUrl(String callbackUrl) { this.callbackUrl = callbackUrl; }
    public Duration getPollInterval() { return pollInterval; }
    public void setPollInterval(Duration pollInterval) { this.pollInterval = pollInterval; }
    public int getPollBatchSize() { return pollBatchSize; }
    public void setPollBatchSize(int pollBatchSize) { this.pollBatchSize = pollBatchSize; }
    public Reports getReports() { return reports; }
    public Refund getRefund() { return refund; }
    public Kafka getKafka() { return kafka; }
    public Work getWork() { return work; }
}
