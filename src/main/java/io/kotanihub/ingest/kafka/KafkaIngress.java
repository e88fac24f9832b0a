package io.kotanihub.ingest.kafka;

import javax.sql.DataSource;

import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualCommitFactory;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one place of the Kafka settings every hub ingress shares (payment commands, crypto-bridge commands and reports,
 * their dead-letter topics): the {@code hub-kafka:} component. A consumer commits by hand, only once a message is in
 * the ledger or dead-lettered, and stops at the first failure so that the message is polled again; a producer waits
 * for every in-sync replica. (The manual-commit factory is set here: a component made by hand has none, and without
 * it Camel falls back to a no-op commit manager.) Users' own routes keep the plain {@code kafka:} component with Kafka's defaults.
 * <p>
 * {@code kafkaMessageIds}: Camel's JDBC idempotent repository (table {@code camel_messageprocessed}) of the Kafka
 * records the ingress routes have handled, keyed by topic, partition and offset, so that records polled again after a
 * rebalance or a crash are skipped by the routes' {@code idempotentConsumer}. The ledger's unique reference stays the
 * money-safety guarantee underneath: a record whose key was not yet recorded is only ever replayed, never paid twice.
 */
@Configuration(proxyBeanMethods = false)
public class KafkaIngress {

    /** The processor name of the Kafka ingress routes' entries in {@code camel_messageprocessed}. */
    public static final String PROCESSOR_NAME = "kafka-ingress";

    @Bean("hub-kafka")
    KafkaComponent hubKafka(KafkaProperties properties) {
        KafkaConfiguration configuration = new KafkaConfiguration();
        configuration.setBrokers(properties.getBrokers());
        configuration.setAutoOffsetReset("earliest");
        configuration.setAutoCommitEnable(false);
        configuration.setAllowManualCommit(true);
        configuration.setBreakOnFirstError(true);
        configuration.setKeyDeserializer(StringDeserializer.class.getName());
        configuration.setValueDeserializer(ByteArrayDeserializer.class.getName());
        configuration.setKeySerializer(StringSerializer.class.getName());
        configuration.setValueSerializer(ByteArraySerializer.class.getName());
        configuration.setRequestRequiredAcks("all");
        KafkaComponent component = new KafkaComponent();
        component.setConfiguration(configuration);
        component.setKafkaManualCommitFactory(new DefaultKafkaManualCommitFactory());
        component.setLazyStartProducer(true);
        return component;
    }

    @Bean
    JdbcMessageIdRepository kafkaMessageIds(DataSource dataSource) {
        JdbcMessageIdRepository repository = new JdbcMessageIdRepository(dataSource, PROCESSOR_NAME);
        repository.setCreateTableIfNotExists(false);
        return repository;
    }
}
