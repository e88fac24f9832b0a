package io.kotanihub.edge;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Throttling of failed authentication ({@code hub.auth-throttle.*}): a wrong REST API key or a refused console
 * sign-in counts against the client's address; once {@code max-failures} are used up within {@code period} the
 * address is answered 429 (with {@code Retry-After}) on every authentication attempt until the allowance refills
 * (one failure every {@code period / max-failures}). Successful requests never count.
 */
@ConfigurationProperties("hub.auth-throttle")
public class AuthThrottleProperties {

    /** Off: wrong keys are only answered 401. */
    private boolean enabled = true;
    /** Failed attempts an address may make within {@link #period}. */
    private int maxFailures = 10;
    /** The window in which {@link #maxFailures} failures are allowed; it refills gradually. */
    private Duration period = Duration.ofMinutes(1);
    /** Addresses remembered at once (the least recently failing ones are forgotten first). */
    private int trackedAddresses = 10_000;

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public int getMaxFailures() { return maxFailures; }
    public void setMaxFailures(int maxFailures) { this.maxFailures = maxFailures; }
    public Duration getPeriod() { return period; }
    public void setPeriod(Duration period) { this.period = period; }
    public int getTrackedAddresses() { return trackedAddresses; }
    public void setTrackedAddresses(int trackedAddresses) { this.trackedAddresses = trackedAddresses; }
}
