package io.kotanihub.kotani;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The hub's throttle paces calls per endpoint at the stricter of a tier's limits and honours 429 pauses. */
class KotaniThrottleTest {

    private static KotaniProperties properties(boolean enabled) {
        KotaniProperties properties = new KotaniProperties();
        properties.getThrottle().setEnabled(enabled);
        properties.getThrottle().setMaxWait(Duration.ofSeconds(2));
        properties.getThrottle().setGeneral(new KotaniProperties.Tier(60, Duration.ofSeconds(3), 20, Duration.ofSeconds(5)));
        properties.getThrottle().setRead(new KotaniProperties.Tier(100, Duration.ofSeconds(5), 20, Duration.ofSeconds(5)));
        return properties;
    }

    @Test
    void theSpacingKeepsAnyWindowWithinBothLimitsOfATier() {
        Duration general = new KotaniProperties.Tier(60, Duration.ofMinutes(1), 20, Duration.ofSeconds(5)).spacing();
        assertThat(general).isEqualTo(Duration.ofMinutes(1).dividedBy(59));
        assertThat(Duration.ofMinutes(1).dividedBy(general)).as("cycles in a minute").isLessThanOrEqualTo(59);
        assertThat(new KotaniProperties.Tier(100, Duration.ofSeconds(5), 20, Duration.ofSeconds(5)).spacing())
                .isEqualTo(Duration.ofSeconds(5).dividedBy(19));
        assertThat(new KotaniProperties.Tier(10, Duration.ofMinutes(1), 3, Duration.ofSeconds(10)).spacing())
                .isEqualTo(Duration.ofMinutes(1).dividedBy(9));
        assertThat(new KotaniProperties.Tier(1, Duration.ofSeconds(1), 1, Duration.ofSeconds(1)).spacing())
                .isGreaterThan(Duration.ofSeconds(1));
    }

    @Test
    void callsToOneEndpointArePacedAndOtherEndpointsHaveTheirOwnBudget() {
        KotaniThrottle throttle = new KotaniThrottle(properties(true));
        long started = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            assertThat(throttle.acquire(KotaniEndpoint.WITHDRAW_PAYBILL).granted()).isTrue();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        assertThat(elapsed).as("five calls at one per 263 ms").isGreaterThanOrEqualTo(Duration.ofMillis(750));

        long other = System.nanoTime();
        assertThat(throttle.acquire(KotaniEndpoint.WITHDRAW_MOBILE_MONEY).granted()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - other)).isLessThan(Duration.ofMillis(200));
    }

    @Test
    void throttlesOnOneBudgetStoreShareItsBudgetAndItsPauses() {
        LocalBudgetStore store = new LocalBudgetStore();
        KotaniThrottle first = new KotaniThrottle(properties(true), store);
        KotaniThrottle second = new KotaniThrottle(properties(true), store);
        long started = System.nanoTime();
        assertThat(first.acquire(KotaniEndpoint.WITHDRAW_STATUS).granted()).isTrue();
        assertThat(second.acquire(KotaniEndpoint.WITHDRAW_STATUS).granted()).isTrue();
        assertThat(first.acquire(KotaniEndpoint.WITHDRAW_STATUS).granted()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("three reads at one per 333 ms, whoever asks")
                .isGreaterThanOrEqualTo(Duration.ofMillis(650));

        Instant until = Instant.now().plusSeconds(30);
        first.pause(KotaniEndpoint.WITHDRAW_BANK, until);
        KotaniThrottle.Permit refused = second.acquire(KotaniEndpoint.WITHDRAW_BANK);
        assertThat(refused.granted()).isFalse();
        assertThat(refused.retryAt()).isEqualTo(until);
    }

    @Test
    void theJitterAllowanceAndTheBucketsSecondTokenWidenTheSpacingSoThatEveryWindowStillFits() {
        KotaniProperties.Tier general = new KotaniProperties.Tier(60, Duration.ofMinutes(1), 20, Duration.ofSeconds(5));
        assertThat(general.spacing(Duration.ofMillis(500), 1)).isEqualTo(Duration.ofMillis(60_500).dividedBy(59));
        assertThat(general.spacing(Duration.ofSeconds(1), 2)).isEqualTo(Duration.ofSeconds(61).dividedBy(58));
        KotaniProperties.Tier read = new KotaniProperties.Tier(100, Duration.ofSeconds(5), 20, Duration.ofSeconds(5));
        assertThat(read.spacing(Duration.ofSeconds(1), 2)).isEqualTo(Duration.ofSeconds(6).dividedBy(18));
        assertThat(general.spacing(Duration.ZERO, 1)).isEqualTo(general.spacing());
    }

    @Test
    void anUnusedTokenGivenBackServesTheNextCallAtOnce() {
        KotaniProperties properties = properties(true);
        properties.getThrottle().setMaxWait(Duration.ZERO);
        KotaniThrottle throttle = new KotaniThrottle(properties);
        assertThat(throttle.acquire(KotaniEndpoint.WITHDRAW_MOBILE_MONEY).granted()).isTrue();
        assertThat(throttle.acquire(KotaniEndpoint.WITHDRAW_MOBILE_MONEY).granted()).isFalse();
        throttle.giveBack(KotaniEndpoint.WITHDRAW_MOBILE_MONEY);
        assertThat(throttle.acquire(KotaniEndpoint.WITHDRAW_MOBILE_MONEY).granted()).isTrue();
        for (int i = 0; i < 5; i++) {
            throttle.giveBack(KotaniEndpoint.WITHDRAW_MOBILE_MONEY);
        }
        for (int i = 0; i < KotaniThrottle.TOKENS; i++) {
            assertThat(throttle.acquire(KotaniEndpoint.WITHDRAW_MOBILE_MONEY).granted()).isTrue();
        }
        assertThat(throttle.acquire(KotaniEndpoint.WITHDRAW_MOBILE_MONEY).granted())
                .as("the bucket holds %s tokens at most, however many are given back", KotaniThrottle.TOKENS).isFalse();
    }

    @Test
    void aPauseAfterA429RefusesAtOnceAndSaysUntilWhenEvenWhenThrottlingIsOff() {
        KotaniThrottle throttle = new KotaniThrottle(properties(false));
        assertThat(throttle.acquire(KotaniEndpoint.WITHDRAW_BANK).granted()).isTrue();
        Instant until = Instant.now().plusSeconds(30);
        throttle.pause(KotaniEndpoint.WITHDRAW_BANK, until);
        throttle.pause(KotaniEndpoint.WITHDRAW_BANK, Instant.now().plusSeconds(5));
        KotaniThrottle.Permit refused = throttle.acquire(KotaniEndpoint.WITHDRAW_BANK);
        assertThat(refused.granted()).isFalse();
        assertThat(refused.retryAt()).isEqualTo(until);
        assertThat(throttle.acquire(KotaniEndpoint.WITHDRAW_TILL).granted()).isTrue();
    }

    @Test
    void aWorkerGivesUpAfterMaxWaitAndIsToldWhenToComeBack() {
        KotaniProperties properties = properties(true);
        properties.getThrottle().setMaxWait(Duration.ZERO);
        KotaniThrottle throttle = new KotaniThrottle(properties);
        assertThat(throttle.acquire(KotaniEndpoint.WITHDRAW_TILL).granted()).isTrue();
        KotaniThrottle.Permit refused = throttle.acquire(KotaniEndpoint.WITHDRAW_TILL);
        assertThat(refused.granted()).isFalse();
        assertThat(refused.retryAt()).isAfter(Instant.now());
    }

    @Test
    void aStalePermitIsSwappedForAFreshOneAndAFreshOneIsKept() {
        KotaniProperties properties = properties(true);
        properties.getThrottle().setMaxWait(Duration.ZERO);
        properties.getThrottle().setJitterAllowance(Duration.ofSeconds(1));
        KotaniThrottle throttle = new KotaniThrottle(properties);
        long grantedAt = System.nanoTime();
        assertThat(throttle.acquire(KotaniEndpoint.FIAT_WALLETS).granted()).isTrue();
        assertThat(throttle.renew(KotaniEndpoint.FIAT_WALLETS, grantedAt).granted()).as("fresh: kept").isTrue();
        assertThat(throttle.acquire(KotaniEndpoint.FIAT_WALLETS).granted()).as("keeping took no token").isFalse();
        long longAgo = System.nanoTime() - Duration.ofMillis(300).toNanos();
        assertThat(throttle.renew(KotaniEndpoint.FIAT_WALLETS, longAgo).granted())
                .as("older than a quarter of the 1 s jitter allowance: its token back, a new one taken").isTrue();
        assertThat(throttle.acquire(KotaniEndpoint.FIAT_WALLETS).granted()).isFalse();
    }
}
