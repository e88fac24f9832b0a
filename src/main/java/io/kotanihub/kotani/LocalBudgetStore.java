package io.kotanihub.kotani;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.local.LocalBucketBuilder;

/** The throttle's state in this process only: Bucket4j's local buckets and a map of pauses. */
public class LocalBudgetStore implements KotaniBudgetStore {

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Map<KotaniEndpoint, Instant> pauses = new ConcurrentHashMap<>();

    @Override
    public Bucket bucket(String key, BucketConfiguration configuration) {
        return buckets.computeIfAbsent(key, k -> {
            LocalBucketBuilder builder = Bucket.builder();
            for (Bandwidth bandwidth : configuration.getBandwidths()) {
                builder.addLimit(bandwidth);
            }
            return builder.build();
        });
    }

    @Override
    public Optional<Instant> pausedUntil(KotaniEndpoint endpoint) {
        return Optional.ofNullable(pauses.get(endpoint));
    }

    @Override
    public void pause(KotaniEndpoint endpoint, Instant until) {
        pauses.merge(endpoint, until, (a, b) -> a.isAfter(b) ? a : b);
    }
}
