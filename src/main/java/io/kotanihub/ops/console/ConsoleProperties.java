package io.kotanihub.ops.console;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The operations console at {@code /console} ({@code hub.console.*}); signing in takes a hub API key. */
@ConfigurationProperties("hub.console")
public class ConsoleProperties {

    /** How long a sign-in lasts (from signing in, not from the last click). */
    private Duration sessionTimeout = Duration.ofHours(8);
    /**
     * Adds {@code Secure} to the session cookie always; without it the cookie is Secure when the request came over
     * HTTPS (behind a TLS proxy that needs {@code server.forward-headers-strategy}). Turn on in production.
     */
    private boolean secureCookie = false;
    /** How often the pages fetch fresh figures while they are open. */
    private Duration refreshInterval = Duration.ofSeconds(2);
    /** How long the audit of Kotani calls ({@code kotani_calls}) is kept. */
    private Duration kotaniCallRetention = Duration.ofDays(30);

    public Duration getSessionTimeout() { return sessionTimeout; }
    public void setSessionTimeout(Duration sessionTimeout) { this.sessionTimeout = sessionTimeout; }
    public boolean isSecureCookie() { return secureCookie; }
    public void setSecureCookie(boolean secureCookie) { this.secureCookie = secureCookie; }
    public Duration getRefreshInterval() { return refreshInterval; }
    public void setRefreshInterval(Duration refreshInterval) { this.refreshInterval = refreshInterval; }
    public Duration getKotaniCallRetention() { return kotaniCallRetention; }
    public void setKotaniCallRetention(Duration kotaniCallRetention) { this.kotaniCallRetention = kotaniCallRetention; }
}
