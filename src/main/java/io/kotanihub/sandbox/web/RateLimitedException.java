package io.kotanihub.sandbox.web;

/** 429 in Shape A with {@code data.retryAfter} and a {@code Retry-After} header (§2.3). */
public class RateLimitedException extends RuntimeException {
    private final long retryAfterSeconds;
    private final int limit;
    private final long periodSeconds;

    public RateLimitedException(long retryAfterSeconds, int limit, long periodSeconds) {
        super("rate limited", null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
        this.limit = limit;
        this.periodSeconds = periodSeconds;
    }

    public long retryAfterSeconds() { return retryAfterSeconds; }
    public int limit() { return limit; }
    public long periodSeconds() { return periodSeconds; }
}
