package io.kotanihub.sandbox.core;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Tells the integrator about a change: a signed webhook ({@code {event, data, signature}} with the three
 * {@code X-Kotani-*} headers, §19.2) when a webhook secret is configured, otherwise a direct callback of
 * {@code data} alone to {@code callbackUrl} (transaction events only, §19.1). Deliveries are retried with backoff.
 */
public interface WebhookPublisher {

    /**
     * @param event       the event name of §19.3
     * @param data        the {@code data} member, in the member order it must be serialised in
     * @param callbackUrl the transaction's callbackUrl, or null
     * @param reference   the reference the event is about (ordering and fault injection are per reference)
     */
    void publish(String event, ObjectNode data, String callbackUrl, String reference);
}
