package io.kotanihub.ops.health;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code hub.health.*}: the hub's readiness checks ({@code /actuator/health/readiness}: database, Kotani reachability,
 * Kafka when {@code hub.kafka.enabled}). Liveness ({@code /actuator/health/liveness}) only says the process works.
 */
@ConfigurationProperties(prefix = "hub.health")
public class HealthProperties {

    /** How often the {@code kotani-reachability} route probes Kotani's {@code GET /health} (5 s timeout). */
    private Duration kotaniProbeInterval = Duration.ofSeconds(15);

    /**
     * Failed probes in a row before Kotani counts as unreachable (readiness DOWN): one lost probe does not take the
     * hub out of service. One good probe brings it back.
     */
    private int kotaniFailureThreshold = 2;

    /** Timeout of the Kafka check (the cluster's brokers described), when Kafka is on. */
    private Duration kafkaTimeout = Duration.ofSeconds(3);

    /** How long a Kafka check's answer is reused. */
    private Duration kafkaCacheFor = Duration.ofSeconds(5);

    public Duration getKotaniProbeInterval() {
        return kotaniProbeInterval;
    }

    public void setKotaniProbeInterval(Duration kotaniProbeInterval) {
        this.kotaniProbeInterval = kotaniProbeInterval;
    }

    public int getKotaniFailureThreshold() {
        return kotaniFailureThreshold;
    }

    public void setKotaniFailureThreshold(int kotaniFailureThreshold) {
        this.kotaniFailureThreshold = kotaniFailureThreshold;
    }

    public Duration getKafkaTimeout() {
        return kafkaTimeout;
    }

    public void setKafkaTimeout(Duration kafkaTimeout) {
        this.kafkaTimeout = kafkaTimeout;
    }

    public Duration getKafkaCacheFor() {
        return kafkaCacheFor;
    }

    public void setKafkaCacheFor(Duration kafkaCacheFor) {
        this.kafkaCacheFor = kafkaCacheFor;
    }
}
