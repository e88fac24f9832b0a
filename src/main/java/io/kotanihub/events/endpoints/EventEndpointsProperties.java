package io.kotanihub.events.endpoints;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code hub.events.*}: Camel endpoints that receive every payment status event and every Kotani event, each from its
 * own durable position in the event log (at least once, in order).
 */
@ConfigurationProperties(prefix = "hub.events")
public class EventEndpointsProperties {

    /**
     * Camel endpoint URIs, for example {@code spring-rabbitmq:kotani.events?exchangeType=topic&routingKey=payment},
     * {@code paho-mqtt5:kotani/events}, {@code file:data/events}. Empty: no event log is kept. An endpoint is known by
     * its URI with secrets masked: changing only a password keeps its position.
     */
    private List<String> endpoints = new ArrayList<>();

    /** How often each endpoint looks for new events (it drains everything pending each time). */
    private Duration pollInterval = Duration.ofMillis(500);

    /** Events read from the log (and appended to it) per transaction. */
    private int batchSize = 200;

    /** The wait after an endpoint's first failed delivery; doubled on each further failure up to {@link #retryMax}. */
    private Duration retryInitial = Duration.ofSeconds(1);

    /** The longest wait between two attempts at a failing endpoint. */
    private Duration retryMax = Duration.ofMinutes(5);

    /**
     * How long an event stays in the event log once every endpoint has delivered it (a new endpoint starts at the
     * oldest event still kept); older ones are deleted every {@link #pruneInterval}.
     */
    private Duration retention = Duration.ofDays(7);

    /** How often entries older than {@link #retention} that every endpoint has passed are deleted. */
    private Duration pruneInterval = Duration.ofHours(1);

    public Duration getRetention() {
        return retention;
    }

    public void setRetention(Duration retention) {
        this.retention = retention;
    }

    public Duration getPruneInterval() {
        return pruneInterval;
    }

    public void setPruneInterval(Duration pruneInterval) {
        this.pruneInterval = pruneInterval;
    }

    public List<String> getEndpoints() {
        return endpoints;
    }

    public void setEndpoints(List<String> endpoints) {
        this.endpoints = endpoints == null ? new ArrayList<>()
                : new ArrayList<>(endpoints.stream().filter(e -> e != null && !e.isBlank()).map(String::trim).toList());
    }

    public Duration getPollInterval() {
        return pollInterval;
    }

    public void setPollInterval(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public Duration getRetryInitial() {
        return retryInitial;
    }

    public void setRetryInitial(Duration retryInitial) {
        this.retryInitial = retryInitial;
    }

    public Duration getRetryMax() {
        return retryMax;
    }

    public void setRetryMax(Duration retryMax) {
        this.retryMax = retryMax;
    }
}
