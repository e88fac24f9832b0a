package io.kotanihub.invoices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kotanihub.ingest.kafka.KafkaMessages;
import io.kotanihub.support.HubKafkaTest;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * INVOICE commands through the real embedded Kafka broker (issue 15): the canonical invoice shape on the commands
 * topic becomes an invoice with its payment link at the sandbox; the customer pays through the hosted page's public
 * call; {@code payment_link.created}, the payment and the invoice's status come out on the events topic (key = the
 * invoice reference). An invalid invoice command goes to the dead-letter topic with its reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@HubKafkaTest
class InvoiceKafkaTest {

    @Value("${spring.embedded.kafka.brokers}")
    String brokers;

    @Value("${hub.sandbox.port}")
    int sandboxPort;

    @Autowired
    InvoiceLedger ledger;

    final ObjectMapper json = new ObjectMapper();
    KafkaProducer<String, byte[]> producer;
    KafkaConsumer<String, byte[]> events;
    KafkaConsumer<String, byte[]> dlq;

    @BeforeAll
    void clients() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        events = consumer("kotani.payments.events");
        dlq = consumer("kotani.payments.dlq");
    }

    private KafkaConsumer<String, byte[]> consumer(String topic) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.GROUP_ID_CONFIG, "invoice-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    @AfterAll
    void close() {
        producer.close();
        events.close();
        dlq.close();
    }

    @Test
    void anInvoiceFromKafkaGetsItsLinkAndItsEventsArePublishedOnTheEventsTopic() throws Exception {
        String ref = "KINV-" + UUID.randomUUID().toString().substring(0, 8);
        send(ref, "{\"type\":\"INVOICE\",\"reference\":\"" + ref + "\",\"amount\":\"420.50\",\"currency\":\"KES\","
                + "\"customer\":{\"name\":\"Jane Doe\",\"phone\":\"+254700000001\"},\"metadata\":{\"erpId\":\"7\"}}");

        List<JsonNode> seen = new ArrayList<>();
        List<String> types = new ArrayList<>();
        await().atMost(Duration.ofSeconds(40)).until(() -> {
            collect(ref, seen, types);
            return types.contains(InvoiceLedger.LINK_CREATED);
        });
        Invoice invoice = ledger.find(ref).orElseThrow();
        assertThat(invoice.source()).isEqualTo("KAFKA");
        JsonNode created = seen.get(types.indexOf(InvoiceLedger.LINK_CREATED));
        String shortCode = created.at("/link/shortCode").asText();
        assertThat(shortCode).isEqualTo(invoice.shortCode());
        assertThat(created.at("/link/url").asText()).endsWith(shortCode);
        assertThat(created.get("invoiceReference").asText()).isEqualTo(ref);

        HttpResponse<String> paid = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://localhost:" + sandboxPort + "/payment-links/" + shortCode + "/pay"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"phoneNumber\":\"+254700000001\","
                        + "\"paymentMethod\":\"MOBILE_MONEY\",\"network\":\"MPESA\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(paid.statusCode()).as(paid.body()).isEqualTo(200);
        String payment = json.readTree(paid.body()).at("/data/referenceId").asText();

        await().atMost(Duration.ofSeconds(40)).until(() -> {
            collect(ref, seen, types);
            return types.contains(InvoiceLedger.PAYMENT_UPDATED) && seen.stream().anyMatch(e ->
                    InvoiceLedger.STATUS_UPDATED.equals(e.get("type").asText())
                            && "PAID".equals(e.get("status").asText()));
        });
        assertThat(types.indexOf(InvoiceLedger.LINK_CREATED)).isLessThan(types.indexOf(InvoiceLedger.PAYMENT_UPDATED));
        JsonNode payEvent = seen.get(types.indexOf(InvoiceLedger.PAYMENT_UPDATED));
        assertThat(payEvent.at("/payment/reference").asText()).isEqualTo(payment);
        assertThat(payEvent.at("/payment/status").asText()).isEqualTo("SUCCESSFUL");
        assertThat(payEvent.at("/payment/amount").asText()).isEqualTo("420.5");
        assertThat(payEvent.at("/payment/fee").isNull()).isFalse();
        assertThat(payEvent.get("settlement").asText()).isEqualTo("FULL");
        assertThat(seen).allSatisfy(e -> assertThat(e.get("eventId").asLong()).isPositive());
    }

    @Test
    void anInvalidInvoiceCommandGoesToTheDeadLetterTopicWithItsReason() throws Exception {
        String ref = "KBAD-" + UUID.randomUUID().toString().substring(0, 8);
        send(ref, "{\"type\":\"INVOICE\",\"reference\":\"" + ref + "\",\"currency\":\"KES\"}");
        List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            dlq.poll(Duration.ofMillis(200)).forEach(r -> {
                if (ref.equals(r.key())) {
                    dead.add(r);
                }
            });
            return !dead.isEmpty();
        });
        String reason = new String(dead.get(0).headers().lastHeader(KafkaMessages.DLQ_REASON).value(),
                StandardCharsets.UTF_8);
        assertThat(reason).contains("invalid", ref, "amount");
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).contains("\"INVOICE\"", ref);
        assertThat(ledger.find(ref)).isEmpty();

        // a key that is not the invoice's reference: dead-lettered, nothing stored
        String other = "KKEY-" + UUID.randomUUID().toString().substring(0, 8);
        send(other, "{\"type\":\"INVOICE\",\"reference\":\"" + other + "-X\",\"amount\":5,\"currency\":\"KES\"}");
        List<ConsumerRecord<String, byte[]>> wrongKey = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            dlq.poll(Duration.ofMillis(200)).forEach(r -> {
                if (other.equals(r.key())) {
                    wrongKey.add(r);
                }
            });
            return !wrongKey.isEmpty();
        });
        assertThat(new String(wrongKey.get(0).headers().lastHeader(KafkaMessages.DLQ_REASON).value(),
                StandardCharsets.UTF_8)).contains("message key");
        assertThat(ledger.find(other + "-X")).isEmpty();
    }

    private void send(String key, String value) throws Exception {
        producer.send(new ProducerRecord<>("kotani.payments.commands", key, value.getBytes(StandardCharsets.UTF_8)))
                .get();
    }

    private void collect(String ref, List<JsonNode> seen, List<String> types) {
        for (ConsumerRecord<String, byte[]> r : events.poll(Duration.ofMillis(200))) {
            if (ref.equals(r.key())) {
                String type = new String(r.headers().lastHeader("kotani-hub-event-type").value(), StandardCharsets.UTF_8);
                try {
                    JsonNode event = json.readTree(r.value());
                    assertThat(event.get("type").asText()).isEqualTo(type);
                    seen.add(event);
                    types.add(type);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }
}
