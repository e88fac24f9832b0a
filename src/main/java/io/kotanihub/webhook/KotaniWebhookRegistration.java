package io.kotanihub.webhook;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import io.kotanihub.kotani.KotaniClient;
import io.kotanihub.kotani.KotaniEndpoint;
import io.kotanihub.kotani.KotaniResponse;
import io.kotanihub.kotani.KotaniThrottle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Tells Kotani where to send its webhooks ({@code hub.kotani.register-webhook-url}): once the hub is ready, the
 * integrator's webhook URL is set to {@code <hub.kotani.public-base-url>/webhooks/kotani} through the hub's Kotani
 * client ({@code PATCH /api/v3/integrator/webhook}, REFERENCE §5.3); the base defaults to
 * {@code http://localhost:<port the web server really got>}. While Kotani cannot be reached the route
 * {@code kotani-webhook-register} tries again. Without a web server (no {@code /webhooks/kotani} to call) nothing is
 * registered.
 */
@Component
public class KotaniWebhookRegistration {

    static final String PATH = "/webhooks/kotani";
    private static final Logger LOG = LoggerFactory.getLogger(KotaniWebhookRegistration.class);

    private final KotaniWebhookProperties properties;
    private final KotaniClient kotani;
    private final KotaniThrottle throttle;
    private final AtomicBoolean registered = new AtomicBoolean();
    private volatile int serverPort = -1;

    public KotaniWebhookRegistration(KotaniWebhookProperties properties, KotaniClient kotani, KotaniThrottle throttle) {
        this.properties = properties;
        this.kotani = kotani;
        this.throttle = throttle;
    }

    @EventListener
    public void webServerStarted(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() == null) {
            serverPort = event.getWebServer().getPort();
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    public void ready() {
        retryIfNeeded();
    }

    /** Registers unless it is off or already done; true when Kotani has the hub's URL. */
    public boolean retryIfNeeded() {
        return !properties.isRegisterWebhookUrl() || registered.get() || register();
    }

    /** The URL Kotani is to call, when the hub has a web server to receive it. */
    public Optional<String> webhookUrl() {
        if (serverPort <= 0) {
            return Optional.empty();
        }
        String base = properties.getPublicBaseUrl();
        if (base == null || base.isBlank()) {
            base = "http://localhost:" + serverPort;
        }
        return Optional.of(base.strip().replaceAll("/+$", "") + PATH);
    }

    /** Sets Kotani's webhook URL now (also when it was set before); true when Kotani accepted it. */
    public boolean register() {
        Optional<String> url = webhookUrl();
        if (url.isEmpty()) {
            LOG.debug("no web server: Kotani's webhook URL is not registered");
            return false;
        }
        if (!throttle.acquire(KotaniEndpoint.INTEGRATOR_WEBHOOK).granted()) {
            return false;
        }
        KotaniResponse response = kotani.updateWebhookUrl(url.get());
        if (!response.accepted()) {
            LOG.warn("Kotani did not take the webhook URL {} ({} {}): tried again in {}", url.get(),
                    response.outcome(), response.httpStatus() == 0 ? response.message() : response.httpStatus(),
                    properties.getRegistrationRetryInterval());
            return false;
        }
        registered.set(true);
        LOG.info("Kotani delivers its webhooks to {}", url.get());
        return true;
    }
}
