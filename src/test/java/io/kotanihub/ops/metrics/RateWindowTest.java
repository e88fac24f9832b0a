package io.kotanihub.ops.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RateWindowTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final RateWindow window = new RateWindow(10, now::get);

    @Test
    void ratesAreMeasuredFromTheFirstBusySecondInTheWindow() {
        assertThat(window.perSecond()).isZero();
        window.add(100);
        assertThat(window.perSecond()).as("within the first second").isEqualTo(100.0);
        now.addAndGet(1000);
        window.add(100);
        now.addAndGet(1000);
        window.add(200);
        assertThat(window.perSecond()).isCloseTo(400 / 2.0, within(0.001));
    }

    @Test
    void eventsOlderThanTheWindowNoLongerCount() {
        window.add(500);
        now.addAndGet(5_000);
        window.add(50);
        assertThat(window.perSecond()).isCloseTo(550 / 5.0, within(0.001));
        now.addAndGet(6_000);
        assertThat(window.perSecond()).as("only the later 50 remain, 6 s ago").isCloseTo(50 / 6.0, within(0.001));
        now.addAndGet(10_000);
        assertThat(window.perSecond()).isZero();
    }
}
