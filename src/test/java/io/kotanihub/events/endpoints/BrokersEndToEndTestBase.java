package io.kotanihub.events.endpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.kotanihub.KotaniHubApplication;
import io.kotanihub.ledger.PaymentRepository;
import io.kotanihub.model.PaymentStatus;
import io.kotanihub.sandbox.SandboxProperties;
import io.kotanihub.sandbox.SandboxServer;
import io.kotanihub.support.Brokers;
import io.kotanihub.webhook.KotaniEventKind;
import io.kotanihub.webhook.KotaniWebhookEventStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 13 end to end against the real RabbitMQ and Mosquitto: the shipped example route
 * {@code examples/routes/payroll-from-rabbitmq.camel.yaml} loaded into a hub takes payroll commands that an independent
 * client publishes on RabbitMQ, the hub pays them at a standalone sandbox (which outlives the hubs), and every event
 * leaves through {@code hub.events.endpoints} on a RabbitMQ topic exchange and an MQTT topic, checked by independent
 * consumers (amqp-client, Paho). Poison messages end in the dead-letter queue with their reason (the route's
 * {@code kotaniHubReason} for a refused command, RabbitMQ's {@code x-death} for one the hub failed to take in); a failing endpoint (a
 * folder that cannot be created) is retried without holding back the others and catches up once it works; across a
 * hub restart on the same database (by several hubs at once, where the database is shared) nothing is lost, events stay
 * in order per reference, and each reference reaches Kotani with exactly one create call.
 */
abstract class BrokersEndToEndTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] PHONES = {"+254700000001", "+254700000010", "+254700000001", "+254722000001"};
    private static final PaymentStatus[] OUTCOMES = {PaymentStatus.SUCCESSFUL, PaymentStatus.FAILED,
            PaymentStatus.SUCCESSFUL, PaymentStatus.SUCCESSFUL};

    private static ConfigurableApplicationContext sandboxServer;
    private static int sandboxPort;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String payrollExchange = "payroll." + run;
    private final String commandsQueue = "payroll." + run + ".commands";
    private final String eventsExchange = "kotani.events." + run;
    private final String eventsQueue = "erp." + run + ".events";
    private final String mqttTopic = "kotani/" + run + "/events";

    private final ConcurrentLinkedQueue<Received> rabbitEvents = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Received> mqttEvents = new ConcurrentLinkedQueue<>();
    private Connection rabbit;
    private Channel channel;
    private MqttClient mqtt;
    private Path folder;

    /** One message an independent consumer received: the event's JSON and the headers that came with it. */
    record Received(JsonNode body, Map<String, String> headers) {
        long eventId() {
            return body.path("eventId").asLong();
        }

        String reference() {
            return body.path("reference").asText();
        }
    }

    /** A fresh database for this test, as Spring properties (URL, credentials, profile); the same one on restart. */
    abstract Map<String, Object> database(Path folder);

    /** How many hubs share the database after the restart (several instances: one per endpoint delivers at a time). */
    int hubsAfterRestart() {
        return 1;
    }

    @BeforeAll
    static void startSandbox() {
        SandboxProperties properties = new SandboxProperties();
        properties.setPort(0);
        properties.setSettleDelay(Duration.ofMillis(300));
        properties.setStepDelay(Duration.ofMillis(100));
        properties.getRateLimits().setEnabled(false);
        properties.setWebhookSecret("");
        sandboxServer = SandboxServer.start(properties);
        sandboxPort = SandboxServer.port(sandboxServer);
    }

    @AfterAll
    static void stopSandbox() {
        sandboxServer.close();
    }

    @AfterEach
    void closeClients() throws Exception {
        if (channel != null) {
            for (String name : List.of(commandsQueue, commandsQueue + ".dlq", eventsQueue)) {
                channel.queueDelete(name);
            }
            for (String name : List.of(payrollExchange, payrollExchange + ".dlx", eventsExchange)) {
                channel.exchangeDelete(name);
            }
        }
        if (rabbit != null) {
            rabbit.close();
        }
        if (mqtt != null && mqtt.isConnected()) {
            mqtt.disconnect();
            mqtt.close();
        }
    }

    private ConfigurableApplicationContext startHub(Map<String, Object> database, Path blocked, Path files) {
        Map<String, Object> properties = new LinkedHashMap<>(database);
        properties.put("hub.sandbox.enabled", "false");
        properties.put("hub.kotani.base-url", "http://localhost:" + sandboxPort);
        properties.put("hub.kotani.throttle.enabled", "false");
        properties.put("hub.dispatch.poll-interval", "100ms");
        properties.put("hub.dispatch.unknown-check-delay", "200ms");
        properties.put("hub.dispatch.reconcile-interval", "300ms");
        properties.put("hub.dispatch.status-poll-interval", "100ms");
        properties.put("hub.dispatch.status-check-min", "200ms");
        properties.put("hub.dispatch.status-check-max", "500ms");
        properties.put("hub.dispatch.correction-window", "0s");
        properties.put("hub.files.inbox", folder.resolve("inbox"));
        properties.put("hub.files.outbox", folder.resolve("outbox"));
        properties.put("hub.files.archive", folder.resolve("archive"));
        properties.put("hub.files.error", folder.resolve("error"));
        properties.put("camel.main.shutdown-timeout", "2");
        // the example route, loaded as a user's file next to the hub's own routes
        properties.put("camel.main.routes-include-pattern",
                "file:routes/*.camel.yaml,file:examples/routes/payroll-from-rabbitmq.camel.yaml");
        properties.put("example.rabbitmq.exchange", payrollExchange);
        properties.put("example.rabbitmq.queue", commandsQueue);
        properties.put("spring.rabbitmq.host", Brokers.RABBITMQ_HOST);
        properties.put("spring.rabbitmq.port", Brokers.RABBITMQ_PORT);
        properties.put("spring.rabbitmq.username", Brokers.RABBITMQ_USER);
        properties.put("spring.rabbitmq.password", Brokers.RABBITMQ_PASSWORD);
        properties.put("hub.events.endpoints[0]", rabbitEndpoint());
        properties.put("hub.events.endpoints[1]", mqttEndpoint());
        properties.put("hub.events.endpoints[2]", "file:" + blocked.resolve("events"));
        properties.put("hub.events.endpoints[3]", "file:" + files);
        properties.put("hub.events.poll-interval", "200ms");
        properties.put("hub.events.retry-initial", "300ms");
        properties.put("hub.events.retry-max", "1s");
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(KotaniHubApplication.class).web(WebApplicationType.NONE).run(args);
    }

    private String rabbitEndpoint() {
        return "spring-rabbitmq:" + eventsExchange + "?exchangeType=topic&routingKey=kotani.payments"
                + "&queues=" + eventsQueue + "&autoDeclareProducer=true";
    }

    private String mqttEndpoint() {
        return "paho-mqtt5:" + mqttTopic + "?brokerUrl=" + Brokers.mqttUrl() + "&qos=1";
    }

    private void startConsumers() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(Brokers.RABBITMQ_HOST);
        factory.setPort(Brokers.RABBITMQ_PORT);
        factory.setUsername(Brokers.RABBITMQ_USER);
        factory.setPassword(Brokers.RABBITMQ_PASSWORD);
        rabbit = factory.newConnection("kotani-hub-test-" + run);
        channel = rabbit.createChannel();
        mqtt = new MqttClient(Brokers.mqttUrl(), "kotani-hub-test-" + run, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        mqtt.connect(options);
        IMqttMessageListener listener = (topic, message) ->
                mqttEvents.add(new Received(JSON.readTree(message.getPayload()), Map.of()));
        mqtt.subscribe(new MqttSubscription[] {new MqttSubscription(mqttTopic, 1)},
                new IMqttMessageListener[] {listener});
    }

    /** The ERP's durable queue on the events exchange, declared by the hub's endpoint when it first sends. */
    private void consumeEvents() throws Exception {
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            try (Channel probe = rabbit.createChannel()) {
                probe.queueDeclarePassive(eventsQueue);
                return true;
            }
        });
        channel.basicConsume(eventsQueue, true, (tag, delivery) -> {
            Map<String, String> headers = new LinkedHashMap<>();
            Map<String, Object> raw = delivery.getProperties().getHeaders();
            if (raw != null) {
                raw.forEach((k, v) -> headers.put(k, String.valueOf(v)));
            }
            rabbitEvents.add(new Received(JSON.readTree(delivery.getBody()), headers));
        }, tag -> { });
    }

    private void publish(String body) throws IOException {
        channel.basicPublish(payrollExchange, commandsQueue,
                new AMQP.BasicProperties.Builder().contentType("application/json").deliveryMode(2).build(),
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static String command(String reference, String amount, String phone) {
        return """
                {"reference":"%s","amount":"%s","currency":"KES","method":"MOBILE_MONEY",
                 "recipient":{"name":"Jane Doe","phone":"%s","network":"MPESA"}}
                """.formatted(reference, amount, phone);
    }

    /** Every status-change event id the ledger holds for these references, per reference, oldest first. */
    private static Map<String, List<Long>> ledgerEvents(ConfigurableApplicationContext hub, Set<String> references) {
        JdbcTemplate jdbc = hub.getBean(JdbcTemplate.class);
        Map<String, List<Long>> out = new LinkedHashMap<>();
        for (String reference : references) {
            out.put(reference, jdbc.queryForList("select h.id from payment_status_history h join payments p "
                    + "on p.id = h.payment_id where p.reference = ? order by h.id", Long.class, reference));
        }
        return out;
    }

    /** What a consumer received for these references: event ids per reference, first deliveries in arrival order. */
    private static Map<String, List<Long>> received(Iterable<Received> messages, Set<String> references) {
        Map<String, LinkedHashSet<Long>> seen = new LinkedHashMap<>();
        references.forEach(r -> seen.put(r, new LinkedHashSet<>()));
        for (Received message : messages) {
            if (seen.containsKey(message.reference())) {
                seen.get(message.reference()).add(message.eventId());
            }
        }
        Map<String, List<Long>> out = new LinkedHashMap<>();
        seen.forEach((r, ids) -> out.put(r, new ArrayList<>(ids)));
        return out;
    }

    private static List<Received> files(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(folder)) {
            List<Received> out = new ArrayList<>();
            for (Path file : list.filter(Files::isRegularFile).toList()) {
                out.add(new Received(JSON.readTree(file.toFile()), Map.of()));
            }
            return out;
        }
    }

    /** The create calls the sandbox received, per reference ({@code GET /sandbox/transactions}, real HTTP). */
    private static Map<String, Integer> sandboxCreateCalls() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + sandboxPort + "/sandbox/transactions")).build(),
                HttpResponse.BodyHandlers.ofString());
        Map<String, Integer> out = new LinkedHashMap<>();
        for (JsonNode txn : JSON.readTree(response.body()).path("transactions")) {
            out.merge(txn.path("reference").asText(), txn.path("createCalls").asInt(), Integer::sum);
        }
        return out;
    }

    private static Map<String, Map<String, Object>> endpointStatus(ConfigurableApplicationContext hub) {
        return hub.getBean(EventEndpointStatus.class).endpoints().stream()
                .collect(Collectors.toMap(e -> (String) e.get("endpoint"), e -> e));
    }

    @Test
    void payrollFromRabbitMqIsPaidOnceAndEveryEventReachesRabbitMqAndMqttAcrossARestart() throws Exception {
        folder = Files.createTempDirectory("brokers-e2e");
        Path blocked = folder.resolve("blocked");
        Files.writeString(blocked, "a file where the endpoint wants a folder");
        Path files = folder.resolve("events-ok");
        Map<String, Object> database = database(folder);
        startConsumers();
        Map<String, PaymentStatus> expected = new LinkedHashMap<>();

        ConfigurableApplicationContext first = startHub(database, blocked, files);
        try {
            for (int i = 0; i < 4; i++) {
                String reference = "rabbit-" + run + "-" + i;
                publish(command(reference, "25.5" + i, PHONES[i]));
                expected.put(reference, OUTCOMES[i]);
            }
            publish("{\"reference\": \"poison-" + run + "\", \"amount\": ");
            publish(command("invalid-" + run, "-3", "+254700000001"));
            consumeEvents();

            PaymentRepository payments = first.getBean(PaymentRepository.class);
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                Map<String, PaymentStatus> actual = new LinkedHashMap<>();
                expected.keySet().forEach(r -> actual.put(r, payments.findByReference(r)
                        .map(p -> p.status()).orElse(null)));
                assertThat(actual).isEqualTo(expected);
            });
            assertThat(payments.findByReference(expected.keySet().iterator().next()).orElseThrow().source())
                    .isEqualTo("RABBITMQ");

            // the poison message and the invalid command are in the dead-letter queue, whole, with their reason
            List<GetResponse> dead = new ArrayList<>();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                GetResponse response = channel.basicGet(commandsQueue + ".dlq", true);
                if (response != null) {
                    dead.add(response);
                }
                return dead.size() == 2;
            });
            Map<String, String> reasons = new LinkedHashMap<>();
            for (GetResponse response : dead) {
                reasons.put(new String(response.getBody(), StandardCharsets.UTF_8),
                        String.valueOf(response.getProps().getHeaders().get("kotaniHubReason")));
            }
            assertThat(reasons.get("{\"reference\": \"poison-" + run + "\", \"amount\": ")).startsWith("invalid: ")
                    .contains("not a payment command");
            assertThat(reasons.get(command("invalid-" + run, "-3", "+254700000001"))).startsWith("invalid: ")
                    .contains("amount");
            assertThat(payments.findByReference("invalid-" + run)).isEmpty();

            // a command the hub cannot take in (here its database refuses the row: the route fails instead of
            // answering an outcome) is retried by the consumer and then dead-lettered by RabbitMQ itself: the
            // message whole, its reason in x-death; nothing is stored, nothing lost
            JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
            jdbc.execute("alter table payments add constraint ck_e2e_refused check (reference not like 'refused-%')");
            String refused = command("refused-" + run, "40", "+254700000001");
            try {
                publish(refused);
                GetResponse[] deadLettered = new GetResponse[1];
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    deadLettered[0] = channel.basicGet(commandsQueue + ".dlq", true);
                    return deadLettered[0] != null;
                });
                assertThat(new String(deadLettered[0].getBody(), StandardCharsets.UTF_8)).isEqualTo(refused);
                Object xDeath = deadLettered[0].getProps().getHeaders().get("x-death");
                assertThat(xDeath).as("RabbitMQ's dead-letter reason").isInstanceOf(List.class);
                Map<?, ?> death = (Map<?, ?>) ((List<?>) xDeath).get(0);
                assertThat(String.valueOf(death.get("reason"))).isEqualTo("rejected");
                assertThat(String.valueOf(death.get("queue"))).isEqualTo(commandsQueue);
                assertThat(deadLettered[0].getProps().getHeaders()).doesNotContainKey("kotaniHubReason");
                assertThat(payments.findByReference("refused-" + run)).isEmpty();
                assertThat(channel.messageCount(commandsQueue)).isZero();
            } finally {
                jdbc.execute("alter table payments drop constraint ck_e2e_refused");
            }

            // every event of every payment, in order per reference, on RabbitMQ and on MQTT, and in the working folder
            Map<String, List<Long>> ledger = ledgerEvents(first, expected.keySet());
            assertThat(ledger.values()).allSatisfy(ids -> assertThat(ids).hasSizeGreaterThanOrEqualTo(3));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(received(rabbitEvents, expected.keySet())).isEqualTo(ledger);
                assertThat(received(mqttEvents, expected.keySet())).isEqualTo(ledger);
                assertThat(received(files(files), expected.keySet()).values().stream().map(Set::copyOf).toList())
                        .isEqualTo(ledger.values().stream().map(Set::copyOf).toList());
            });
            // a Kotani event of its own (not a payment status change), stored as the webhook intake stores it
            long kotaniEventId = first.getBean(KotaniWebhookEventStore.class).store(new KotaniWebhookEventStore.NewEvent(
                    "settlement.completed", KotaniEventKind.OTHER, null, null,
                    "{\"event\":\"settlement.completed\",\"data\":{\"settlementId\":\"st-" + run
                            + "\",\"amount\":\"1250.75\"}}", true, "e2e-" + run)).id();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                for (ConcurrentLinkedQueue<Received> events : List.of(rabbitEvents, mqttEvents)) {
                    assertThat(events).anySatisfy(e -> {
                        assertThat(e.body().path("type").asText()).isEqualTo("kotani.event");
                        assertThat(e.body().path("data").path("kotaniEventId").asLong()).isEqualTo(kotaniEventId);
                        assertThat(e.body().path("data").path("data").path("amount").asText()).isEqualTo("1250.75");
                    });
                }
            });
            assertThat(rabbitEvents).filteredOn(e -> e.body().path("type").asText().equals("kotani.event"))
                    .allSatisfy(e -> assertThat(e.headers()).containsEntry("kotani-hub-event-type", "kotani.event")
                            .containsEntry("kotani-hub-event-key", "kotani:settlement.completed"));

            Received one = rabbitEvents.peek();
            assertThat(one.headers()).containsEntry("kotani-hub-event-type", "payment.status.updated")
                    .containsEntry("kotani-hub-event-key", one.reference())
                    .containsEntry("kotani-hub-event-id", "payment-" + one.eventId());

            // the endpoint that cannot write is retried (backoff) and shows its backlog; the others are not held back
            String blockedName = EventEndpoints.masked("file:" + blocked.resolve("events"));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Map<String, Map<String, Object>> status = endpointStatus(first);
                assertThat((Integer) status.get(blockedName).get("attempts")).isGreaterThanOrEqualTo(2);
                assertThat((Long) status.get(blockedName).get("backlog")).isGreaterThanOrEqualTo(
                        ledger.values().stream().mapToLong(List::size).sum());
                assertThat(status.get(blockedName).get("lastError")).isNotNull();
                assertThat(status.get(EventEndpoints.masked(rabbitEndpoint())).get("backlog")).isEqualTo(0L);
                assertThat(status.get(EventEndpoints.masked(mqttEndpoint())).get("backlog")).isEqualTo(0L);
            });
            MeterRegistry registry = first.getBean(MeterRegistry.class);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(registry
                    .get("kotani.hub.events.endpoint.backlog").tag("endpoint", blockedName).gauge().value())
                    .isGreaterThan(0));

            // more commands, and the hub goes away while it takes them in and pays them
            for (int i = 4; i < 12; i++) {
                String reference = "rabbit-" + run + "-" + i;
                publish(command(reference, "30", PHONES[i % 4]));
                expected.put(reference, OUTCOMES[i % 4]);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> payments.findByReference("rabbit-" + run + "-5")
                    .isPresent());
        } finally {
            first.close();
        }

        // the folder can be written now: the endpoint that failed catches up after the restart
        Files.delete(blocked);
        ConfigurableApplicationContext second = startHub(database, blocked, files);
        List<ConfigurableApplicationContext> others = new ArrayList<>();
        try {
            for (int i = 1; i < hubsAfterRestart(); i++) {
                others.add(startHub(database, blocked, files));
            }
            PaymentRepository payments = second.getBean(PaymentRepository.class);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                Map<String, PaymentStatus> actual = new LinkedHashMap<>();
                expected.keySet().forEach(r -> actual.put(r, payments.findByReference(r)
                        .map(p -> p.status()).orElse(null)));
                assertThat(actual).isEqualTo(expected);
            });
            Map<String, Integer> createCalls = sandboxCreateCalls();
            for (String reference : expected.keySet()) {
                assertThat(createCalls.get(reference)).as("create calls at Kotani for %s", reference).isEqualTo(1);
            }
            Map<String, List<Long>> ledger = ledgerEvents(second, expected.keySet());
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(received(rabbitEvents, expected.keySet())).isEqualTo(ledger);
                assertThat(received(mqttEvents, expected.keySet())).isEqualTo(ledger);
                assertThat(received(files(files), expected.keySet()).values().stream().map(Set::copyOf).toList())
                        .isEqualTo(ledger.values().stream().map(Set::copyOf).toList());
                assertThat(received(files(blocked.resolve("events")), expected.keySet()).values().stream()
                        .map(Set::copyOf).toList()).isEqualTo(ledger.values().stream().map(Set::copyOf).toList());
                assertThat(endpointStatus(second).values()).allSatisfy(s -> {
                    assertThat(s.get("backlog")).isEqualTo(0L);
                    assertThat(s.get("attempts")).isEqualTo(0);
                });
            });
            // nothing left in the commands queue, nothing more dead-lettered
            assertThat(channel.messageCount(commandsQueue)).isZero();
            assertThat(channel.messageCount(commandsQueue + ".dlq")).isZero();
        } finally {
            others.forEach(ConfigurableApplicationContext::close);
            second.close();
        }
    }
}
