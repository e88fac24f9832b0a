package io.kotanihub.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kotanihub.KotaniHubApplication;
import io.kotanihub.ledger.PaymentRepository;
import io.kotanihub.model.PaymentStatus;
import io.kotanihub.sandbox.SandboxProperties;
import io.kotanihub.sandbox.SandboxServer;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * Several hub instances on one database and one Kafka consumer group, against one standalone sandbox that outlives
 * them (as Kotani does), through the real embedded broker:
 * <ul>
 *   <li>two hubs share the partitions of the commands topic and pay 1,000 commands, every reference created
 *       exactly once at the sandbox;</li>
 *   <li>a hub that dies after a command is in the ledger but before its offset is committed leaves the message to
 *       be delivered again; the next hub takes it as a replay of the same reference and nothing is paid twice.</li>
 * </ul>
 */
@EmbeddedKafka(kraft = true, partitions = 1)
abstract class KafkaConsumerGroupTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static ConfigurableApplicationContext sandboxServer;
    private static int sandboxPort;
    private static String brokers;
    private static Admin admin;
    private static KafkaProducer<String, byte[]> producer;

    /** A fresh database for one test, shared by the hubs it starts (URL, credentials, profile). */
    abstract Map<String, Object> database();

    @BeforeAll
    static void start() {
        SandboxProperties properties = new SandboxProperties();
        properties.setPort(0);
        properties.setSettleDelay(Duration.ofMillis(200));
        properties.setStepDelay(Duration.ofMillis(50));
        properties.getRateLimits().setEnabled(false);
        properties.setWebhookSecret("");
        sandboxServer = SandboxServer.start(properties);
        sandboxPort = SandboxServer.port(sandboxServer);
        EmbeddedKafkaBroker broker = EmbeddedKafkaCondition.getBroker();
        brokers = broker.getBrokersAsString();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers));
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(),
                new ByteArraySerializer());
    }

    @AfterAll
    static void stop() {
        producer.close();
        admin.close();
        sandboxServer.close();
    }

    /** Topics and a consumer group of one test. */
    private record Kafka(String commands, String events, String dlq, String group) {
        static Kafka create(int partitions) throws Exception {
            String suffix = UUID.randomUUID().toString().substring(0, 8);
            Kafka kafka = new Kafka("commands-" + suffix, "events-" + suffix, "dlq-" + suffix, "hubs-" + suffix);
            admin.createTopics(List.of(new NewTopic(kafka.commands, partitions, (short) 1),
                    new NewTopic(kafka.events, 1, (short) 1), new NewTopic(kafka.dlq, 1, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
            return kafka;
        }
    }

    private ConfigurableApplicationContext startHub(Map<String, Object> database, Kafka kafka, String folder) {
        Map<String, Object> properties = new LinkedHashMap<>(database);
        properties.put("hub.sandbox.enabled", "false");
        properties.put("hub.kotani.base-url", "http://localhost:" + sandboxPort);
        properties.put("hub.kotani.throttle.enabled", "false");
        properties.put("hub.kotani.connect-timeout", "1s");
        properties.put("hub.kotani.request-timeout", "5s");
        properties.put("hub.kafka.enabled", "true");
        properties.put("hub.kafka.brokers", brokers);
        properties.put("hub.kafka.commands-topic", kafka.commands);
        properties.put("hub.kafka.events-topic", kafka.events);
        properties.put("hub.kafka.dlq-topic", kafka.dlq);
        properties.put("hub.kafka.group-id", kafka.group);
        properties.put("hub.dispatch.concurrency", "4");
        properties.put("hub.dispatch.poll-interval", "100ms");
        properties.put("hub.dispatch.abandoned-after", "7s");
        properties.put("hub.dispatch.unknown-check-delay", "200ms");
        properties.put("hub.dispatch.reconcile-interval", "300ms");
        properties.put("hub.dispatch.status-poll-interval", "200ms");
        properties.put("hub.dispatch.status-check-min", "300ms");
        properties.put("hub.dispatch.status-check-max", "1s");
        properties.put("hub.dispatch.retry-delay", "200ms");
        properties.put("hub.dispatch.correction-window", "0s");
        String files = "target/kafka-consumer-group/" + folder + "/";
        properties.put("hub.files.inbox", files + "inbox");
        properties.put("hub.files.outbox", files + "outbox");
        properties.put("hub.files.archive", files + "archive");
        properties.put("hub.files.error", files + "error");
        properties.put("camel.main.shutdown-timeout", "1");
        properties.put("spring.datasource.hikari.maximum-pool-size", "6");
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(KotaniHubApplication.class).web(WebApplicationType.NONE).run(args);
    }

    private static void send(Kafka kafka, String reference, String amount, String phone) {
        String command = """
                {"reference":"%s","amount":"%s","currency":"KES",
                 "recipient":{"name":"Jane Doe","phone":"%s","network":"MPESA"}}""".formatted(reference, amount, phone);
        producer.send(new ProducerRecord<>(kafka.commands, reference, command.getBytes(StandardCharsets.UTF_8)));
    }

    /** Create calls the sandbox received, by reference. */
    private static Map<String, Integer> createCalls() throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + sandboxPort + "/sandbox/transactions")).build(),
                HttpResponse.BodyHandlers.ofString());
        Map<String, Integer> calls = new HashMap<>();
        for (JsonNode txn : JSON.readTree(response.body()).path("transactions")) {
            calls.put(txn.path("reference").asText(), txn.path("createCalls").asInt());
        }
        return calls;
    }

    /** The group's committed offset of each partition of the commands topic (absent: nothing committed). */
    private static Map<Integer, Long> committed(Kafka kafka) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(kafka.group)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        Map<Integer, Long> byPartition = new HashMap<>();
        offsets.forEach((tp, offset) -> {
            if (tp.topic().equals(kafka.commands) && offset != null) {
                byPartition.put(tp.partition(), offset.offset());
            }
        });
        return byPartition;
    }

    private static long endOffset(Kafka kafka, int partition) throws Exception {
        TopicPartition tp = new TopicPartition(kafka.commands, partition);
        return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get(30, TimeUnit.SECONDS)
                .offset();
    }

    @Test
    void twoHubsInOneConsumerGroupPayAThousandCommandsEachReferenceCreatedOnce() throws Exception {
        Map<String, Object> database = database();
        Kafka kafka = Kafka.create(4);
        ConfigurableApplicationContext first = startHub(database, kafka, "group-a");
        ConfigurableApplicationContext second = startHub(database, kafka, "group-b");
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(kafka.group))
                        .describedGroups().get(kafka.group).get(30, TimeUnit.SECONDS);
                return group.members().size() == 2
                        && group.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty());
            });
            String run = "group-" + UUID.randomUUID().toString().substring(0, 8) + "-";
            String[] phones = {"+254700000001", "+254700000002", "+254711000001", "+254722000001"};
            List<String> references = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                String reference = run + i;
                references.add(reference);
                send(kafka, reference, String.valueOf(10 + i % 90), phones[i % phones.length]);
            }
            for (int i = 0; i < 50; i++) {
                send(kafka, references.get(i * 20), String.valueOf(10 + (i * 20) % 90), phones[(i * 20) % 4]);
            }
            producer.flush();

            JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                    assertThat(jdbc.queryForObject("select count(*) from payments where reference like ? "
                            + "and status = 'SUCCESSFUL'", Integer.class, run + "%")).isEqualTo(1000));
            assertThat(jdbc.queryForObject("select count(*) from payments where reference like ?", Integer.class,
                    run + "%")).isEqualTo(1000);

            Map<String, Integer> calls = createCalls();
            for (String reference : references) {
                assertThat(calls.get(reference)).as("create calls for %s", reference).isEqualTo(1);
            }
            assertThat(calls.keySet().stream().filter(r -> r.startsWith(run)).count()).isEqualTo(1000);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Map<Integer, Long> offsets = committed(kafka);
                long consumed = 0;
                for (int partition = 0; partition < 4; partition++) {
                    assertThat(offsets.get(partition)).isEqualTo(endOffset(kafka, partition));
                    consumed += offsets.get(partition);
                }
                assertThat(consumed).isEqualTo(1050);
            });
        } finally {
            second.close();
            first.close();
        }
    }

    @Test
    void aHubThatDiesBetweenTheLedgerWriteAndTheOffsetCommitCausesNoSecondPayment() throws Exception {
        Map<String, Object> database = database();
        Kafka kafka = Kafka.create(1);
        String reference = "killed-" + UUID.randomUUID().toString().substring(0, 8);
        CountDownLatch inLedger = new CountDownLatch(1);
        CountDownLatch released = new CountDownLatch(1);

        ConfigurableApplicationContext dying = startHub(database, kafka, "dying");
        try {
            AdviceWith.adviceWith(dying.getBean(CamelContext.class), "kafka-payment-commands", route ->
                    route.weaveByToString(".*method:commit.*").before().process(exchange -> {
                        inLedger.countDown();
                        released.await(20, TimeUnit.SECONDS);
                        throw new IllegalStateException("the hub died before committing the offset");
                    }));
            send(kafka, reference, "45", "+254700000001");
            producer.flush();
            assertThat(inLedger.await(60, TimeUnit.SECONDS)).isTrue();
            assertThat(dying.getBean(PaymentRepository.class).findByReference(reference)).isPresent();
        } finally {
            Thread closer = new Thread(dying::close);
            closer.start();
            Thread.sleep(500);
            released.countDown();
            closer.join(TimeUnit.SECONDS.toMillis(60));
        }
        assertThat(committed(kafka).get(0)).as("offset committed by the dead hub").isNull();

        ConfigurableApplicationContext next = startHub(database, kafka, "next");
        try {
            PaymentRepository payments = next.getBean(PaymentRepository.class);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(payments.findByReference(reference).orElseThrow().status())
                        .isEqualTo(PaymentStatus.SUCCESSFUL);
                assertThat(committed(kafka).get(0)).isEqualTo(endOffset(kafka, 0));
            });
            assertThat(createCalls().get(reference)).isEqualTo(1);
            assertThat(next.getBean(JdbcTemplate.class).queryForObject(
                    "select count(*) from payments where reference = ?", Integer.class, reference)).isEqualTo(1);
            assertThat(Set.copyOf(payments.history(payments.findByReference(reference).orElseThrow().id())
                    .stream().map(h -> h.status()).toList())).doesNotContain(PaymentStatus.FAILED);
        } finally {
            next.close();
        }
    }
}
