package io.kotanihub.ops.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import io.kotanihub.ingest.kafka.KafkaProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** The {@code kafka} readiness contributor against a real embedded broker, an address with no broker, and Kafka off. */
class KafkaHealthIndicatorTest {

    private final HealthProperties properties = new HealthProperties();

    private KafkaHealthIndicator indicator(boolean enabled, String brokers) {
        KafkaProperties kafka = new KafkaProperties();
        kafka.setEnabled(enabled);
        kafka.setBrokers(brokers);
        properties.setKafkaTimeout(Duration.ofSeconds(2));
        return new KafkaHealthIndicator(kafka, properties);
    }

    @Test
    void upWhenKafkaIsOffWithoutConnectingAnywhere() {
        assertThat(indicator(false, "127.0.0.1:1").health().getStatus()).isEqualTo(Status.UP);
        assertThat(indicator(false, "127.0.0.1:1").health().getDetails()).containsEntry("enabled", false);
    }

    @Test
    void downWhenNoBrokerAnswers() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        KafkaHealthIndicator indicator = indicator(true, "127.0.0.1:" + port);
        try {
            assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
        } finally {
            indicator.destroy();
        }
    }

    @Test
    void upWithTheBrokersOfARunningCluster() throws Exception {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.afterPropertiesSet();
        KafkaHealthIndicator indicator = indicator(true, broker.getBrokersAsString());
        try {
            properties.setKafkaTimeout(Duration.ofSeconds(10));
            assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
            assertThat(indicator.health().getDetails()).containsEntry("brokers", 1);
        } finally {
            indicator.destroy();
            broker.destroy();
        }
    }
}
