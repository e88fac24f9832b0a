package io.kotanihub.ops.health;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.kotanihub.ingest.kafka.KafkaProperties;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health contributor {@code kafka} (part of readiness): with {@code hub.kafka.enabled=true} (the kafka profile) UP when
 * the brokers of {@code hub.kafka.brokers} answer a cluster description within {@code hub.health.kafka-timeout}, DOWN
 * otherwise; the answer is reused for {@code hub.health.kafka-cache-for}. With Kafka off it is UP ({@code enabled:
 * false}) and never connects to anything.
 */
@Component
public class KafkaHealthIndicator implements HealthIndicator, DisposableBean {

    private final KafkaProperties kafka;
    private final HealthProperties properties;
    private AdminClient admin;
    private Health last;
    private long lastAtNanos;

    public KafkaHealthIndicator(KafkaProperties kafka, HealthProperties properties) {
        this.kafka = kafka;
        this.properties = properties;
    }

    @Override
    public synchronized Health health() {
        if (!kafka.isEnabled()) {
            return Health.up().withDetail("enabled", false).build();
        }
        long now = System.nanoTime();
        if (last != null && now - lastAtNanos < properties.getKafkaCacheFor().toNanos()) {
            return last;
        }
        last = check();
        lastAtNanos = System.nanoTime();
        return last;
    }

    private Health check() {
        long timeout = properties.getKafkaTimeout().toMillis();
        try {
            if (admin == null) {
                admin = AdminClient.create(Map.of(
                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokers(),
                        AdminClientConfig.CLIENT_ID_CONFIG, "kotani-hub-health",
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout,
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout));
            }
            var cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout));
            Collection<Node> nodes = cluster.nodes().get(timeout, TimeUnit.MILLISECONDS);
            String clusterId = cluster.clusterId().get(timeout, TimeUnit.MILLISECONDS);
            return (nodes.isEmpty() ? Health.down() : Health.up())
                    .withDetail("brokers", nodes.size())
                    .withDetail("clusterId", String.valueOf(clusterId))
                    .build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().withDetail("error", "interrupted").build();
        } catch (Exception e) {
            return Health.down().withDetail("error", e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage())).build();
        }
    }

    @Override
    public synchronized void destroy() {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(1));
        }
    }
}
