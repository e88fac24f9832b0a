package io.kotanihub.ingest.kafka;

/** A Kafka message that can never be processed, whatever the retries: it goes to the dead-letter topic. */
public class PoisonMessageException extends RuntimeException {
    public PoisonMessageException(String reason) {
        super(reason, null, false, false);
    }
}
