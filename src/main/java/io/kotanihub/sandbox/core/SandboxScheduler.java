package io.kotanihub.sandbox.core;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs the sandbox's delayed work (status progression, webhook deliveries and their retries). A reset drops every
 * task scheduled before it.
 */
@Component
public class SandboxScheduler implements SandboxResettable {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxScheduler.class);

    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "kotani-sandbox-worker");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong generation = new AtomicLong();

    public void after(Duration delay, Runnable task) {
        long scheduledIn = generation.get();
        executor.schedule(() -> {
            if (generation.get() != scheduledIn) {
                return;
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("sandbox: scheduled task failed", e);
            }
        }, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    }

    @Override
    public void reset() {
        generation.incrementAndGet();
    }

    @PreDestroy
    void shutdown() {
        executor.shutdownNow();
    }
}
