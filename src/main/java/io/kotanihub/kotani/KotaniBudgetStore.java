package io.kotanihub.kotani;

import java.time.Instant;
import java.util.Optional;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;

/**
 * Where the throttle's state lives: the token bucket of each endpoint's budget and the pause a 429 imposes on it.
 * In this process on the embedded default ({@link LocalBudgetStore}); in PostgreSQL, seen by every hub instance on
 * the same database, with the {@code postgres} profile ({@link PostgresBudgetStore}).
 */
public interface KotaniBudgetStore {

    /** The bucket stored under {@code key}, created with {@code configuration} when there is none yet. */
    Bucket bucket(String key, BucketConfiguration configuration);

    /** Until when Kotani asked for no calls to {@code endpoint}, if it did. */
    Optional<Instant> pausedUntil(KotaniEndpoint endpoint);

    /** No call to {@code endpoint} before {@code until} (a pause already longer stays). */
    void pause(KotaniEndpoint endpoint, Instant until);
}
