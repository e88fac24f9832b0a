package io.kotanihub.sandbox.webhooks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.sandbox.core.WebhookPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Placeholder until signed delivery lands: logs each event. */
@Component
public class WebhookDispatcher implements WebhookPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);

    @Override
    public void publish(String event, ObjectNode data, String callbackUrl, String reference) {
        LOG.info("sandbox: event {} for {}", event, reference);
    }
}
