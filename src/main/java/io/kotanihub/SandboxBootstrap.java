package io.kotanihub;

import java.util.Map;

import io.kotanihub.sandbox.SandboxProperties;
import io.kotanihub.sandbox.SandboxServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts the embedded Kotani sandbox before the hub's beans are created (so that {@code hub.kotani.base-url},
 * which points at {@code hub.sandbox.port}, resolves to the port the sandbox really got, also when it is 0),
 * and stops it after the hub's routes have stopped. Registered in {@code META-INF/spring.factories}.
 */
public class SandboxBootstrap implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxBootstrap.class);

    @Override
    public void initialize(ConfigurableApplicationContext hub) {
        if (hub.getParent() != null) {
            return; // child contexts (actuator, tests) share the parent's sandbox
        }
        SandboxProperties properties = SandboxServer.bind(hub.getEnvironment());
        if (!properties.isEnabled()) {
            return;
        }
        ConfigurableApplicationContext sandbox = SandboxServer.start(properties);
        int port = SandboxServer.port(sandbox);
        hub.getEnvironment().getPropertySources().addFirst(new MapPropertySource("kotani-sandbox-port",
                Map.of("hub.sandbox.port", port, "hub.sandbox.actual-port", port)));
        LOG.info("Kotani sandbox listening on port {}", port);
        hub.getBeanFactory().registerSingleton("kotaniSandboxLifecycle", new SandboxLifecycle(sandbox));
    }

    /** Stops the sandbox in the very last lifecycle phase, after the hub's routes and web server have stopped. */
    private static final class SandboxLifecycle implements SmartLifecycle {
        private final ConfigurableApplicationContext sandbox;

        SandboxLifecycle(ConfigurableApplicationContext sandbox) { this.sandbox = sandbox; }

        @Override public void start() { }
        @Override public void stop() { sandbox.close(); }
        @Override public boolean isRunning() { return sandbox.isActive(); }
        @Override public int getPhase() { return Integer.MIN_VALUE; }
    }
}
