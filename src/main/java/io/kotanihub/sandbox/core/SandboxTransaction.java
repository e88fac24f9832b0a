package io.kotanihub.sandbox.core;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One transaction the sandbox created (a deposit, a withdrawal, an onramp, an offramp, a crypto-bridge transfer, a
 * bulk item). Endpoint-specific fields live in {@link #attributes()}; each endpoint renders its own view with the
 * field names and casing the reference gives it.
 */
public final class SandboxTransaction {

    private final String id;
    private final Family family;
    private final String kind;
    private final String reference;
    private final long referenceNumber;
    private final ObjectNode request;
    private final Instant createdAt;
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private final List<StatusChange> history = new ArrayList<>();
    private volatile String status;
    private volatile Instant updatedAt;
    private volatile Instant completedAt;

    public record StatusChange(String status, Instant at) { }

    public SandboxTransaction(String id, Family family, String kind, String reference, long referenceNumber,
                              ObjectNode request, String initialStatus, Instant createdAt) {
        this.id = id;
        this.family = family;
        this.kind = kind;
        this.reference = reference;
        this.referenceNumber = referenceNumber;
        this.request = request;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
        this.status = initialStatus;
        this.history.add(new StatusChange(initialStatus, createdAt));
    }

    public String id() { return id; }
    public Family family() { return family; }
    /** The endpoint that created it, e.g. {@code withdraw/mobile-money}. */
    public String kind() { return kind; }
    public String reference() { return reference; }
    public long referenceNumber() { return referenceNumber; }
    /** The create request as received. */
    public ObjectNode request() { return request; }
    public Instant createdAt() { return createdAt; }
    public Instant updatedAt() { return updatedAt; }
    public Instant completedAt() { return completedAt; }
    public String status() { return status; }
    public Map<String, Object> attributes() { return attributes; }

    public synchronized List<StatusChange> history() { return List.copyOf(history); }

    /** Moves to a new status and records it; {@code terminal} stamps the completion time. */
    public synchronized void moveTo(String newStatus, boolean terminal, Instant at) {
        status = newStatus;
        updatedAt = at;
        if (terminal) {
            completedAt = at;
        }
        history.add(new StatusChange(newStatus, at));
    }

    public BigDecimal decimal(String attribute) {
        Object value = attributes.get(attribute);
        return value == null ? null : (BigDecimal) value;
    }

    public String text(String attribute) {
        Object value = attributes.get(attribute);
        return value == null ? null : value.toString();
    }
}
