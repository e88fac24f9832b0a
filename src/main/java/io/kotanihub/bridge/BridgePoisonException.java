package io.kotanihub.bridge;

/** A bridge Kafka message that can never be processed; the route dead-letters it with this message as the reason. */
public class BridgePoisonException extends RuntimeException {

    public BridgePoisonException(String message) {
        super(message, null, false, false);
    }
}
