package io.kotanihub.sandbox.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;

import io.kotanihub.sandbox.SandboxProperties;
import org.junit.jupiter.api.Test;

/**
 * The sliding windows of §2.3 on a given clock (nanoseconds), for the burst and the sustained window of a tier:
 * what is counted, when a call is refused, and the {@code retryAfter} a refusal carries.
 */
class RateLimitsTest {

    static final long S = 1_000_000_000L;
    static final long MS = 1_000_000L;

    static RateLimits limits() {
        SandboxProperties props = new SandboxProperties();
        props.getRateLimits().setGeneral(
                new SandboxProperties.Tier(5, Duration.ofSeconds(60), 3, Duration.ofSeconds(10)));
        return new RateLimits(props);
    }

    static void allowed(RateLimits limits, long at) {
        limits.acquire("k", "POST /x", RateLimits.TierName.GENERAL, at);
    }

    static RateLimitedException refused(RateLimits limits, long at) {
        RateLimitedException e = catchThrowableOfType(RateLimitedException.class,
                () -> limits.acquire("k", "POST /x", RateLimits.TierName.GENERAL, at));
        assertThat(e).as("refused at %d ms", at / MS).isNotNull();
        return e;
    }

    @Test
    void theBurstWindowSlidesAndRetryAfterIsWhenItsOldestCountedCallLeaves() {
        RateLimits limits = limits();
        allowed(limits, 0);
        allowed(limits, 9 * S);
        allowed(limits, 9 * S + 500 * MS);
        allowed(limits, 10 * S + 100 * MS);
        RateLimitedException e = refused(limits, 10 * S + 200 * MS);
        assertThat(e.retryAfterSeconds()).as("the call at 9 s leaves at 19 s: 8.8 s, rounded up").isEqualTo(9);
        assertThat(e.limit()).isEqualTo(3);
        assertThat(e.periodSeconds()).isEqualTo(10);
        refused(limits, 18 * S + 999 * MS);
        allowed(limits, 19 * S);
    }

    @Test
    void theSustainedWindowSlidesTooAndARefusedCallIsNotCounted() {
        RateLimits limits = limits();
        allowed(limits, 10 * S);
        allowed(limits, 20 * S);
        allowed(limits, 40 * S);
        allowed(limits, 55 * S);
        allowed(limits, 59 * S);
        RateLimitedException e = refused(limits, 61 * S);
        assertThat(e.limit()).as("the burst window (3 per 10 s) has room; the sustained one is full").isEqualTo(5);
        assertThat(e.periodSeconds()).isEqualTo(60);
        assertThat(e.retryAfterSeconds()).as("the call at 10 s leaves at 70 s").isEqualTo(9);
        for (long at = 62; at < 70; at += 3) {
            refused(limits, at * S);
        }
        allowed(limits, 70 * S);
        assertThat(refused(limits, 70 * S + MS).retryAfterSeconds()).as("next the call at 20 s leaves at 80 s")
                .isEqualTo(10);
    }

    @Test
    void whenBothWindowsAreFullRetryAfterIsTheLongerWait() {
        RateLimits limits = limits();
        allowed(limits, 5 * S);
        allowed(limits, 6 * S);
        allowed(limits, 50 * S);
        allowed(limits, 51 * S);
        allowed(limits, 52 * S);
        RateLimitedException e = refused(limits, 53 * S);
        assertThat(e.retryAfterSeconds()).as("burst frees at 60 s, sustained at 65 s").isEqualTo(12);
        assertThat(e.limit()).isEqualTo(5);
        RateLimitedException later = refused(limits, 60 * S + 500 * MS);
        assertThat(later.limit()).isEqualTo(5);
        assertThat(later.retryAfterSeconds()).as("sustained: the call at 5 s leaves at 65 s").isEqualTo(5);
        allowed(limits, 65 * S);
    }

    @Test
    void keysAndEndpointsHaveTheirOwnWindowsAndAResetForgetsThem() {
        RateLimits limits = limits();
        for (int i = 0; i < 3; i++) {
            allowed(limits, i * MS);
        }
        refused(limits, 3 * MS);
        limits.acquire("other", "POST /x", RateLimits.TierName.GENERAL, 3 * MS);
        limits.acquire("k", "POST /y", RateLimits.TierName.GENERAL, 3 * MS);
        limits.reset();
        allowed(limits, 4 * MS);
    }
}
