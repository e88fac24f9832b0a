package io.kotanihub.ingest.kafka;

import javax.sql.DataSource;

import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code kafkaMessageIds}: Camel's JDBC idempotent repository (table {@code camel_messageprocessed}) of the Kafka
 * records the ingress routes (payment commands, crypto-bridge commands and reports) have handled, keyed by topic,
 * partition and offset, so that records polled again after a rebalance or a crash before the commit are skipped by
 * the routes' {@code idempotentConsumer} (added only once a record was handled to the end). The ledger's unique
 * reference stays the money-safety guarantee underneath: a record whose key was not yet recorded is only ever
 * replayed, never paid twice.
 */
@Configuration(proxyBeanMethods = false)
public class KafkaIngress {

    /** The processor name of the Kafka ingress routes' entries in {@code camel_messageprocessed}. */
    public static final String PROCESSOR_NAME = "kafka-ingress";

    @Bean
    JdbcMessageIdRepository kafkaMessageIds(DataSource dataSource) {
        JdbcMessageIdRepository repository = new JdbcMessageIdRepository(dataSource, PROCESSOR_NAME);
        repository.setCreateTableIfNotExists(false);
        return repository;
    }
}
