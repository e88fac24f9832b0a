package io.kotanihub.sandbox.web;

/**
 * Thrown by a create endpoint after the transaction was created, when the {@code dropResponseRate} fault says
 * the answer must be lost: the client receives a truncated response and a closed connection.
 */
public class DroppedResponseException extends RuntimeException {
    public DroppedResponseException() {
        super("response dropped by fault injection", null, false, false);
    }
}
