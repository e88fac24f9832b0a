package io.kotanihub.events.endpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kotanihub.support.HubKafkaTest;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * With {@code hub.kafka.enabled} the events topic is one of the endpoints that read the event log: it has its durable
 * position ({@code event_endpoints}, named {@code kafka:kotani.payments.events}), its backlog and failures in
 * {@link EventEndpointStatus}, its messages keep the topic's contract (key = reference, only the
 * {@code kotani-hub-event-type} header), and it does not publish again what the Kafka relay of earlier versions had
 * published (an event whose row carries that relay's mark).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@HubKafkaTest
class KafkaEventsEndpointTest {

    private static final String NAME = "kafka:kotani.payments.events";

    @Value("${spring.embedded.kafka.brokers}")
    String brokers;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    EventEndpointStatus status;

    private final ObjectMapper json = new ObjectMapper();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();

    @BeforeAll
    void consumer() {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.GROUP_ID_CONFIG, "events-endpoint-" + run,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(List.of("kotani.payments.events"));
    }

    @AfterAll
    void close() {
        consumer.close();
    }

    /** A final payment written straight into the ledger, with one status change (marked as published, or not). */
    private long finalPayment(String reference, boolean publishedByTheOldRelay) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("insert into payments (reference, type, method, amount, currency, status, source, command_json,"
                        + " command_hash, created_at, updated_at) values (?,?,?,?,?,?,?,?,?,?,?)",
                reference, "PAYOUT", "MOBILE_MONEY", new BigDecimal("12.50"), "KES", "SUCCESSFUL", "API", "{}", "h",
                now, now);
        long paymentId = jdbc.queryForObject("select id from payments where reference = ?", Long.class, reference);
        jdbc.update("insert into payment_status_history (payment_id, status, at, kafka_published_at) values (?,?,?,?)",
                paymentId, "SUCCESSFUL", now, publishedByTheOldRelay ? now : null);
        return jdbc.queryForObject("select id from payment_status_history where payment_id = ?", Long.class,
                paymentId);
    }

    private Long loggedSeq(long historyId) {
        List<Long> seq = jdbc.queryForList("select seq from event_log where kind = 'PAYMENT' and source_id = ?",
                Long.class, historyId);
        return seq.isEmpty() ? null : seq.get(0);
    }

    private Map<String, Object> kafkaEndpoint() {
        return status.endpoints().stream().filter(e -> NAME.equals(e.get("endpoint"))).findFirst().orElseThrow();
    }

    @Test
    void theEventsTopicReadsTheEventLogFromItsOwnPositionWithTheTopicsContract() throws Exception {
        String published = "old-relay-" + run;
        String control = "endpoint-" + run;
        long publishedId = finalPayment(published, true);
        long controlId = finalPayment(control, false);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            assertThat(records).anySatisfy(r -> assertThat(r.key()).isEqualTo(control));
        });
        ConsumerRecord<String, byte[]> record = records.stream().filter(r -> control.equals(r.key())).findFirst()
                .orElseThrow();
        JsonNode event = json.readTree(record.value());
        assertThat(event.path("eventId").asLong()).isEqualTo(controlId);
        assertThat(event.path("status").asText()).isEqualTo("SUCCESSFUL");
        assertThat(event.path("amount").asText()).isEqualTo("12.5");
        List<String> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            headers.add(header.key() + "=" + new String(header.value(), StandardCharsets.UTF_8));
        }
        assertThat(headers).containsExactly("kotani-hub-event-type=payment.status.updated");

        // both entries are in the log, the topic's position is past both, and the published one was not sent again
        Long publishedSeq = loggedSeq(publishedId);
        Long controlSeq = loggedSeq(controlId);
        assertThat(publishedSeq).isNotNull();
        assertThat(controlSeq).isNotNull();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(((Number) kafkaEndpoint()
                .get("deliveredSeq")).longValue()).isGreaterThanOrEqualTo(Math.max(publishedSeq, controlSeq)));
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        assertThat(records).noneSatisfy(r -> assertThat(r.key()).isEqualTo(published));
        assertThat(records).filteredOn(r -> control.equals(r.key())).hasSize(1);
        assertThat(kafkaEndpoint().get("attempts")).isEqualTo(0);
        assertThat(jdbc.queryForObject("select count(*) from event_endpoints where endpoint = ?", Integer.class, NAME))
                .isEqualTo(1);
    }
}
