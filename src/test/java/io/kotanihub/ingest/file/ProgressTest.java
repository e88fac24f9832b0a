package io.kotanihub.ingest.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ProgressTest {

    @Test
    void describesRowsDoneTotalAndTimeLeft() {
        long tenSeconds = Duration.ofSeconds(10).toNanos();
        assertThat(Progress.describe(25_000, 100_000, 0.25, tenSeconds))
                .isEqualTo(String.format("%,d / %,d rows (25%%), about 30s left", 25_000, 100_000));
        assertThat(Progress.describe(500, -1, 0, tenSeconds)).isEqualTo("500 rows");
        assertThat(Progress.human(Duration.ofSeconds(125))).isEqualTo("2m 5s");
        assertThat(Progress.human(Duration.ofMinutes(135))).isEqualTo("2h 15m");
    }

    @Test
    void logsAtMostOncePerInterval() {
        AtomicLong now = new AtomicLong();
        Progress progress = new Progress(LoggerFactory.getLogger(ProgressTest.class), "payroll.csv",
                Duration.ofSeconds(10), now::get);
        assertThat(progress.report("validated", 1, -1, 0.1)).isFalse();
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(progress.report("validated", 2, -1, 0.2)).isTrue();
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(progress.report("validated", 3, -1, 0.3)).isFalse();
    }
}
