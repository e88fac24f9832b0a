package io.kotanihub.ingest.kafka;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Kafka ingress and events (profile {@code kafka}). */
@ConfigurationProperties("hub.kafka")
public class KafkaProperties {

    /** Consume commands and publish events (on in the kafka profile). */
    private boolean enabled = false;
    /** Bootstrap servers ({@code HUB_KAFKA_BROKERS}). */
    private String brokers = "localhost:9092";
    /** Canonical payment commands in (key = reference). */
    private String commandsTopic = "kotani.payments.commands";
    /** One event per payment status change (key = reference). */
    private String eventsTopic = "kotani.payments.events";
    /** Messages that can never be processed, with the reason in headers. */
    private String dlqTopic = "kotani.payments.dlq";
    /** Consumer group shared by every hub instance. */
    private String groupId = "kotani-hub";
    /** How long the ingress routes remember a handled record (topic/partition/offset), in days. */
    private int processedRetentionDays = 7;
    /** How often the remembered records older than that are deleted. */
    private Duration processedPruneInterval = Duration.ofHours(1);

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public String getBrokers() { return brokers; }
    public void setBrokers(String brokers) { this.brokers = brokers; }
    public String getCommandsTopic() { return commandsTopic; }
    public void setCommandsTopic(String commandsTopic) { this.commandsTopic = commandsTopic; }
    public String getEventsTopic() { return eventsTopic; }
    public void setEventsTopic(String eventsTopic) { this.eventsTopic = eventsTopic; }
    public String getDlqTopic() { return dlqTopic; }
    public void setDlqTopic(String dlqTopic) { this.dlqTopic = dlqTopic; }
    public String getGroupId() { return groupId; }
    public void setGroupId(String groupId) { this.groupId = groupId; }
    public int getProcessedRetentionDays() { return processedRetentionDays; }
    public void setProcessedRetentionDays(int processedRetentionDays) { this.processedRetentionDays = processedRetentionDays; }
    public Duration getProcessedPruneInterval() { return processedPruneInterval; }
    public void setProcessedPruneInterval(Duration processedPruneInterval) { this.processedPruneInterval = processedPruneInterval; }
}
