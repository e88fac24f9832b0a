package io.kotanihub.ingest.kafka;

import java.nio.charset.StandardCharsets;

import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;

/**
 * What every Kafka ingress of the hub (payment commands, crypto-bridge commands and reports) does the same way: the
 * message key as text, the dead-letter headers of a message that can never be processed, and the manual commit
 * that follows the ledger write or the dead-lettering.
 */
public final class KafkaMessages {

    /** Dead-letter headers: why the message was dead-lettered, and where it came from (topic/partition@offset). */
    public static final String DLQ_REASON = "kotani-hub-dlq-reason";
    public static final String DLQ_SOURCE = "kotani-hub-dlq-source";

    private KafkaMessages() {
    }

    /** The message key as text (null when the message has none). */
    public static String key(Object key) {
        return key == null ? null : key instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                : key.toString();
    }

    /** Puts the caught exception's message and the message's origin into the dead-letter headers; returns the reason. */
    public static String describePoison(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = cause == null ? "unknown" : cause.getMessage();
        exchange.getMessage().setHeader(DLQ_REASON, reason);
        exchange.getMessage().setHeader(DLQ_SOURCE, exchange.getMessage().getHeader(KafkaConstants.TOPIC) + "/"
                + exchange.getMessage().getHeader(KafkaConstants.PARTITION) + "@"
                + exchange.getMessage().getHeader(KafkaConstants.OFFSET));
        return reason;
    }

    /** Commits the message's offset (manual commit); nothing when the consumer does not commit manually. */
    public static void commit(KafkaManualCommit manualCommit) {
        if (manualCommit != null) {
            manualCommit.commit();
        }
    }
}
