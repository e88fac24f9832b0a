package io.kotanihub.sandbox.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;

/**
 * Every transaction the sandbox created, by family and reference, with the number of create calls that arrived for
 * each reference (the hub's "exactly once" is checked against this count).
 */
@Component
public class SandboxStore implements SandboxResettable {

    private final Map<String, SandboxTransaction> byReference = new ConcurrentHashMap<>();
    private final Map<String, SandboxTransaction> byId = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> createCalls = new ConcurrentHashMap<>();
    private final AtomicLong referenceNumbers = new AtomicLong(1000);

    /** Result of a create: the transaction and whether this call created it (false: the reference was used). */
    public record Created(SandboxTransaction transaction, boolean created) { }

    /**
     * Counts a create call for {@code reference} and creates the transaction unless the reference is already used
     * in this family; atomic, so concurrent creates with one reference make exactly one transaction.
     */
    public Created create(Family family, String reference, Supplier<SandboxTransaction> factory) {
        String key = family + ":" + reference;
        createCalls.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        boolean[] created = {false};
        SandboxTransaction txn = byReference.computeIfAbsent(key, k -> {
            created[0] = true;
            return factory.get();
        });
        if (created[0]) {
            byId.put(txn.id(), txn);
        }
        return new Created(txn, created[0]);
    }

    public Optional<SandboxTransaction> find(Family family, String referenceOrId) {
        SandboxTransaction txn = byReference.get(family + ":" + referenceOrId);
        if (txn == null) {
            txn = byId.get(referenceOrId);
            if (txn != null && txn.family() != family) {
                txn = null;
            }
        }
        if (txn == null) {
            txn = byReference.values().stream()
                    .filter(t -> t.family() == family && referenceOrId.equals(t.attributes().get("telcoId")))
                    .findFirst().orElse(null);
        }
        return Optional.ofNullable(txn);
    }

    public int createCalls(Family family, String reference) {
        AtomicInteger calls = createCalls.get(family + ":" + reference);
        return calls == null ? 0 : calls.get();
    }

    public List<SandboxTransaction> all() {
        List<SandboxTransaction> all = new ArrayList<>(byReference.values());
        all.sort(Comparator.comparing(SandboxTransaction::createdAt).thenComparing(SandboxTransaction::referenceNumber));
        return all;
    }

    public long nextReferenceNumber() {
        return referenceNumbers.incrementAndGet();
    }

    /** A 24-hex id in the style of Kotani's Mongo ObjectIds. */
    public static String newId() {
        byte[] bytes = new byte[12];
        ThreadLocalRandom.current().nextBytes(bytes);
        long seconds = Instant.now().getEpochSecond();
        bytes[0] = (byte) (seconds >>> 24);
        bytes[1] = (byte) (seconds >>> 16);
        bytes[2] = (byte) (seconds >>> 8);
        bytes[3] = (byte) seconds;
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public void reset() {
        byReference.clear();
        byId.clear();
        createCalls.clear();
    }
}
