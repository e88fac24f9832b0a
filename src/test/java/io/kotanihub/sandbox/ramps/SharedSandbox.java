package io.kotanihub.sandbox.ramps;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One sandbox (and one webhook receiver it delivers to) shared by every test class that uses this extension, started
 * on first use and closed when the whole test run ends: starting a sandbox costs seconds, so the ramps and bulk
 * tests share it and call {@code POST /sandbox/reset} before each test.
 */
public final class SharedSandbox implements BeforeAllCallback {

    private static final String KEY = SharedSandbox.class.getName();

    private static final class Resources implements ExtensionContext.Store.CloseableResource {
        final WebhookCapture webhooks = new WebhookCapture();
        final TestSandbox sandbox = TestSandbox.start(props -> props.setWebhookUrl(webhooks.url()));

        @Override
        public void close() {
            sandbox.close();
            webhooks.close();
        }
    }

    private static volatile Resources resources;

    @Override
    public void beforeAll(ExtensionContext context) {
        resources = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(KEY, key -> new Resources(), Resources.class);
    }

    public static TestSandbox sandbox() {
        return resources.sandbox;
    }

    public static WebhookCapture webhooks() {
        return resources.webhooks;
    }
}
