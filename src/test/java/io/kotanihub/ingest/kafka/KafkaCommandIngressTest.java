package io.kotanihub.ingest.kafka;

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
import io.kotanihub.dispatch.PaymentIntake;
import io.kotanihub.model.PaymentStatus;
import io.kotanihub.webhook.KotaniSigned;
import org.apache.camel.CamelContext;
import org.apache.camel.processor.idempotent.IdempotentConsumer;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
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
import org.springframework.boot.test.web.server.LocalServerPort;
import io.kotanihub.support.HubKafkaTest;

/**
 * Commands in through the real embedded Kafka broker, to the ledger and the sandbox; poison to the DLQ; payment status
 * changes and Kotani's own events (refunds, settlements) out on the events topic.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@HubKafkaTest
class KafkaCommandIngressTest {

    @Value("${spring.embedded.kafka.brokers}")
    String brokers;

    @Value("${hub.sandbox.port}")
    int sandboxPort;

    @LocalServerPort
    int port;

    @Autowired
    PaymentIntake intake;

    @Autowired
    CamelContext camel;

    @Autowired
    IdempotentRepository kafkaMessageIds;

    @Value("${hub.kafka.group-id}")
    String groupId;

    final ObjectMapper json = new ObjectMapper();
    KafkaProducer<String, byte[]> producer;
    KafkaConsumer<String, byte[]> dlq;
    KafkaConsumer<String, byte[]> eventsConsumer;

    @BeforeAll
    void clients() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        dlq = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer());
        dlq.subscribe(List.of("kotani.payments.dlq"));
        eventsConsumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.GROUP_ID_CONFIG, "events-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer());
        eventsConsumer.subscribe(List.of("kotani.payments.events"));
    }

    @AfterAll
    void close() {
        producer.close();
        dlq.close();
        eventsConsumer.close();
    }

    private void send(String key, String value) throws Exception {
        producer.send(new ProducerRecord<>("kotani.payments.commands", key,
                value.getBytes(StandardCharsets.UTF_8))).get();
    }

    private static String command(String reference, String amount, String phone) {
        return """
                {"reference":"%s","amount":"%s","currency":"KES",
                 "recipient":{"name":"Jane Doe","phone":"%s","network":"MPESA"},"metadata":{"order":"o-1"}}
                """.formatted(reference, amount, phone);
    }

    private int createCalls(String reference) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + sandboxPort + "/sandbox/transactions")).build(),
                HttpResponse.BodyHandlers.ofString());
        for (JsonNode txn : json.readTree(response.body()).get("transactions")) {
            if (reference.equals(txn.get("reference").asText())) {
                return txn.get("createCalls").asInt();
            }
        }
        return 0;
    }

    @Test
    void aCommandIsPaidOnceEvenWhenTheMessageIsDeliveredTwice() throws Exception {
        String reference = "kafka-" + UUID.randomUUID();
        send(reference, command(reference, "150.50", "+254700000001"));
        send(reference, command(reference, "150.5", "+254700000001"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(intake.find(reference)).hasValueSatisfying(p ->
                        assertThat(p.payment().status()).isEqualTo(PaymentStatus.SUCCESSFUL)));
        assertThat(intake.find(reference).orElseThrow().payment().source()).isEqualTo("KAFKA");
        assertThat(createCalls(reference)).isEqualTo(1);

        List<JsonNode> events = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            eventsConsumer.poll(Duration.ofMillis(200)).forEach(r -> {
                if (reference.equals(r.key())) {
                    assertThat(new String(r.headers().lastHeader("kotani-hub-event-type").value(),
                            StandardCharsets.UTF_8)).isEqualTo("payment.status.updated");
                    events.add(readJson(r.value()));
                }
            });
            return !events.isEmpty() && "SUCCESSFUL".equals(events.get(events.size() - 1).get("status").asText());
        });
        assertThat(events.get(0).get("status").asText()).isEqualTo("RECEIVED");
        assertThat(events.get(0).get("previousStatus").isNull()).isTrue();
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).get("previousStatus").asText()).isEqualTo(events.get(i - 1).get("status").asText());
            assertThat(events.get(i).get("eventId").asLong()).isGreaterThan(events.get(i - 1).get("eventId").asLong());
        }
        JsonNode last = events.get(events.size() - 1);
        assertThat(last.get("amount").asText()).isEqualTo("150.5");
        assertThat(last.get("kotaniId").asText()).isNotBlank();
        assertThat(last.get("metadata").get("order").asText()).isEqualTo("o-1");
    }

    private JsonNode readJson(byte[] value) {
        try {
            return json.readTree(value);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void poisonMessagesGoToTheDeadLetterTopicWithTheirReasonAndGoodOnesBehindThemAreProcessed() throws Exception {
        String good = "kafka-good-" + UUID.randomUUID();
        String invalid = "kafka-invalid-" + UUID.randomUUID();
        String conflicting = "kafka-conflict-" + UUID.randomUUID();
        send(conflicting, command(conflicting, "10", "+254700000001"));
        send("garbage-" + good, "this is not json");
        send(invalid, "{\"reference\":\"" + invalid + "\",\"amount\":\"-5\",\"currency\":\"KES\"}");
        send("other-key", command("kafka-keyed-" + good, "10", "+254700000001"));
        send(conflicting, command(conflicting, "11", "+254700000001"));
        send(good, command(good, "20", "+254700000001"));

        List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            dlq.poll(Duration.ofMillis(200)).forEach(dead::add);
            return dead.size() >= 4;
        });
        List<String> reasons = dead.stream().map(r -> new String(
                r.headers().lastHeader(KafkaMessages.DLQ_REASON).value(), StandardCharsets.UTF_8)).toList();
        assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("not a payment command"));
        assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("invalid payment command").contains("amount"));
        assertThat(reasons).anySatisfy(r -> assertThat(r).contains("is not the command's reference"));
        assertThat(reasons).anySatisfy(r -> assertThat(r).contains("already used by a payment with different content"));
        assertThat(dead).anySatisfy(r -> assertThat(new String(r.value(), StandardCharsets.UTF_8))
                .isEqualTo("this is not json"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(intake.find(good)).isPresent());
        assertThat(intake.find(invalid)).isEmpty();
        assertThat(intake.find(conflicting).orElseThrow().payment().amount()).isEqualByComparingTo("10");
    }

    @Test
    void aRecordPolledAgainAfterItsOffsetWentBackIsSkippedByTheIdempotentConsumer() throws Exception {
        String key = "kafka-repolled-" + UUID.randomUUID();
        send(key, "not json either");
        ConsumerRecord<String, byte[]> dead = deadLetters(key, 1).get(0);
        String source = new String(dead.headers().lastHeader(KafkaMessages.DLQ_SOURCE).value(), StandardCharsets.UTF_8);
        String topic = source.substring(0, source.indexOf('/'));
        int partition = Integer.parseInt(source.substring(source.indexOf('/') + 1, source.indexOf('@')));
        long offset = Long.parseLong(source.substring(source.indexOf('@') + 1));
        assertThat(kafkaMessageIds.contains(topic + "/" + partition + "/" + offset)).isTrue();
        IdempotentConsumer once = camel.getProcessor("kafka-payment-command-once", IdempotentConsumer.class);
        long skippedBefore = once.getDuplicateMessageCount();

        // the group's position goes back to the poison record, as after a rebalance that lost a commit
        camel.getRouteController().stopRoute("kafka-payment-commands");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers))) {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                    admin.alterConsumerGroupOffsets(groupId, Map.of(new TopicPartition(topic, partition),
                            new OffsetAndMetadata(offset))).all().get());
        } finally {
            camel.getRouteController().startRoute("kafka-payment-commands");
        }
        // a good command with the same key lands on the same partition, behind the poison record
        send(key, command(key, "12", "+254700000001"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(intake.find(key)).isPresent());

        assertThat(once.getDuplicateMessageCount()).isGreaterThan(skippedBefore);
        assertThat(deadLetters(key, 1)).hasSize(1);
    }

    /** The dead letters with this key, read from the start of the topic until at least {@code expected} are seen. */
    private List<ConsumerRecord<String, byte[]>> deadLetters(String key, int expected) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            reader.subscribe(List.of("kotani.payments.dlq"));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                reader.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                });
                return found.size() >= expected;
            });
            long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < end) {
                reader.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                });
            }
        }
        return found;
    }

    @Test
    void kotaniEventsThatAreNotPaymentChangesArePublishedOnTheEventsTopicToo() throws Exception {
        String offramp = "kafka-refund-" + UUID.randomUUID();
        String settlement = "kafka-settlement-" + UUID.randomUUID();
        KotaniSigned refund = KotaniSigned.of("whsec_sandbox_local", "refund.completed", "{\"referenceId\":\""
                + offramp + "\",\"status\":\"REVERSED\",\"refundStatus\":\"SUCCESSFUL\",\"refundAmount\":0.00012345,"
                + "\"chain\":\"BTC\",\"token\":\"BTC\",\"currency\":\"KES\"}");
        KotaniSigned settled = KotaniSigned.of("whsec_sandbox_local", "settlement.processed", "{\"settlementId\":\"st-9\","
                + "\"referenceId\":\"" + settlement + "\",\"status\":\"PROCESSED\",\"amount\":1000,\"netAmount\":989.5,"
                + "\"currency\":\"KES\"}");
        assertThat(deliverWebhook(refund, "refund.completed")).isEqualTo(200);
        assertThat(deliverWebhook(settled, "settlement.processed")).isEqualTo(200);

        Map<String, ConsumerRecord<String, byte[]>> published = new java.util.HashMap<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            eventsConsumer.poll(Duration.ofMillis(200)).forEach(r -> {
                if (offramp.equals(r.key()) || settlement.equals(r.key())) {
                    published.put(r.key(), r);
                }
            });
            return published.size() == 2;
        });
        for (ConsumerRecord<String, byte[]> record : published.values()) {
            assertThat(new String(record.headers().lastHeader("kotani-hub-event-type").value(), StandardCharsets.UTF_8))
                    .isEqualTo("kotani.event");
            assertThat(readJson(record.value()).get("type").asText()).isEqualTo("kotani.event");
        }
        JsonNode refundEvent = readJson(published.get(offramp).value()).get("data");
        assertThat(refundEvent.get("event").asText()).isEqualTo("refund.completed");
        assertThat(refundEvent.get("kotaniEventId").asLong()).isPositive();
        assertThat(refundEvent.get("data").get("refundAmount").decimalValue()).isEqualByComparingTo("0.00012345");
        JsonNode settlementEvent = readJson(published.get(settlement).value()).get("data");
        assertThat(settlementEvent.get("event").asText()).isEqualTo("settlement.processed");
        assertThat(settlementEvent.get("data").get("netAmount").decimalValue()).isEqualByComparingTo("989.5");
    }

    private int deliverWebhook(KotaniSigned webhook, String event) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/kotani"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(webhook.body()));
        webhook.headers(event).forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
