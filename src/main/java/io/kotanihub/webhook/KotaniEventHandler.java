package io.kotanihub.webhook;

import java.util.Optional;

/**
 * A feature that owns some of the stored Kotani webhooks (e.g. deposits made through a payment link, which are no
 * payment of the hub's ledger). {@link KotaniWebhookApplier} asks each handler first; the event is marked processed
 * with the outcome the handler returns. The handler must be idempotent (an event may be handled again after a crash).
 */
public interface KotaniEventHandler {

    /** Applies the event when it is this handler's; empty when it is not (the applier goes on as usual). */
    Optional<KotaniWebhookApplier.Outcome> handle(KotaniWebhookEvent event);
}
