package io.kotanihub.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * The shared Spring test context of the hub on Kafka: an embedded KRaft broker (three partitions, the payment and
 * bridge topics), the whole hub with {@code hub.kafka.enabled=true} against it, the embedded sandbox (fast settle,
 * no rate limits) and one in-memory H2 database, {@code kafka}.
 * <p>
 * Starting a broker and stopping the hub's Kafka consumers costs several seconds, so every Kafka test uses exactly
 * this context (no other properties); {@link SpringContextOrder} runs them one after the other. Tests share the
 * broker, the topics and the database: send with keys of your own (a random suffix), read with a consumer group of
 * your own from {@code earliest}, and keep only the records of your own keys.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@EmbeddedKafka(partitions = 3, kraft = true, topics = {"kotani.payments.commands", "kotani.payments.dlq",
        "kotani.payments.events", "kotani.bridge.commands", "kotani.bridge.settlements", "kotani.bridge.events",
        "kotani.bridge.dlq"})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hub.sandbox.port=0",
        "hub.sandbox.settle-delay=200ms",
        "hub.sandbox.step-delay=50ms",
        "hub.sandbox.rate-limits.enabled=false",
        "hub.sandbox.bridge.stage-delay=300ms",
        "hub.bridge.wallet-id=64a1b2c3d4e5f6a7b8c9d0e2",
        "hub.bridge.reports.retry-schedule=200ms",
        "hub.kafka.enabled=true",
        "hub.kafka.brokers=${spring.embedded.kafka.brokers}",
        "spring.datasource.url=jdbc:h2:mem:kafka;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"})
public @interface HubKafkaTest {
}
