package io.kotanihub.ops.console;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Forgets Kotani calls older than {@code hub.console.kotani-call-retention} and expired console sessions. */
@Component
public class ConsoleHousekeeping {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleHousekeeping.class);

    private final KotaniCallLog calls;
    private final JdbcTemplate jdbc;
    private final ConsoleProperties properties;

    public ConsoleHousekeeping(KotaniCallLog calls, JdbcTemplate jdbc, ConsoleProperties properties) {
        this.calls = calls;
        this.jdbc = jdbc;
        this.properties = properties;
    }

    public void run() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        int forgotten = calls.forgetBefore(now.minus(properties.getKotaniCallRetention()));
        int sessions = jdbc.update("delete from console_sessions where expires_at < ?", now);
        if (forgotten > 0 || sessions > 0) {
            LOG.info("console housekeeping: {} Kotani calls older than {} and {} expired sessions removed",
                    forgotten, properties.getKotaniCallRetention(), sessions);
        }
    }
}
