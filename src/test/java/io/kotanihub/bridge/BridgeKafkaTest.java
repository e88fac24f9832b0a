package io.kotanihub.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.ingest.kafka.KafkaMessages;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Value;
import io.kotanihub.support.HubKafkaTest;

/**
 * The bridge on Kafka through a real embedded broker: a create on kotani.bridge.commands and the provider's
 * settlement on kotani.bridge.settlements take a transfer to COMPLETED at the sandbox, every status change appears on
 * kotani.bridge.events in order; a create whose invoice expires too soon goes to kotani.bridge.dlq with its reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@HubKafkaTest
class BridgeKafkaTest {

    @Value("${spring.embedded.kafka.brokers}")
    String brokers;

    KafkaProducer<String, String> producer;
    KafkaConsumer<String, String> consumer;
    final List<ConsumerRecord<String, String>> events = new CopyOnWriteArrayList<>();
    final List<ConsumerRecord<String, String>> dead = new CopyOnWriteArrayList<>();

    @BeforeAll
    void clients() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.GROUP_ID_CONFIG, "bridge-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of("kotani.bridge.events", "kotani.bridge.dlq"));
    }

    @AfterAll
    void close() {
        producer.close();
        consumer.close();
    }

    private void poll() {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
            (record.topic().equals("kotani.bridge.dlq") ? dead : events).add(record);
        }
    }

    private List<JsonNode> eventsOf(String reference) {
        return events.stream().filter(r -> reference.equals(r.key())).map(r -> {
            try {
                return BridgeHttp.JSON.readTree(r.value());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private List<String> statusesOf(String reference) {
        return eventsOf(reference).stream().filter(e -> "STATUS_CHANGED".equals(e.get("type").asText()))
                .map(e -> e.get("status").asText()).toList();
    }

    @Test
    void aCreateOnKafkaIsFollowedByEveryStatusEventAndASettlementFromKafkaCompletesIt() throws Exception {
        ObjectNode request = BridgeHttp.request("MOBILE_MONEY");
        String ref = request.get("provider_reference_id").asText();
        producer.send(new ProducerRecord<>("kotani.bridge.commands", ref, request.toString())).get();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            poll();
            return statusesOf(ref).contains("PAYMENT_CONFIRMED");
        });
        assertThat(statusesOf(ref)).containsExactly("DEPOSIT_INITIATED", "DEPOSIT_CONFIRMED", "PAYMENT_SENT",
                "PAYMENT_CONFIRMED");
        JsonNode first = eventsOf(ref).get(0);
        assertThat(first.get("kotani_reference_id").asText()).startsWith("KOTANI-BR-");
        assertThat(first.get("status_text").asText()).isNotBlank();
        assertThat(first.get("event_id").asLong()).isPositive();

        ObjectNode settlement = (ObjectNode) BridgeHttp.JSON.readTree(BridgeHttp.completed("MOBILE_MONEY"));
        settlement.put("provider_reference_id", ref);
        settlement.put("report", "settlement");
        producer.send(new ProducerRecord<>("kotani.bridge.settlements", ref, settlement.toString())).get();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            poll();
            return statusesOf(ref).contains("COMPLETED");
        });
        assertThat(statusesOf(ref)).containsExactly("DEPOSIT_INITIATED", "DEPOSIT_CONFIRMED", "PAYMENT_SENT",
                "PAYMENT_CONFIRMED", "COMPLETED");
    }

    @Test
    void aCreateWhoseInvoiceExpiresTooSoonIsDeadLetteredWithItsReason() throws Exception {
        ObjectNode request = BridgeHttp.request("MOBILE_MONEY", Instant.now().plusSeconds(10));
        String ref = request.get("provider_reference_id").asText();
        producer.send(new ProducerRecord<>("kotani.bridge.commands", ref, request.toString())).get();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            poll();
            return dead.stream().anyMatch(r -> ref.equals(r.key()));
        });
        ConsumerRecord<String, String> record = dead.stream().filter(r -> ref.equals(r.key())).findFirst().orElseThrow();
        assertThat(new String(record.headers().lastHeader(KafkaMessages.DLQ_REASON).value(), StandardCharsets.UTF_8))
                .contains("Invoice expires too soon");
        assertThat(statusesOf(ref)).isEmpty();
    }
}
