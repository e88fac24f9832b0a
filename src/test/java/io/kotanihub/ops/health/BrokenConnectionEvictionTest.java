package io.kotanihub.ops.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import com.zaxxer.hikari.SQLExceptionOverride.Override;
import org.junit.jupiter.api.Test;

class BrokenConnectionEvictionTest {

    private final BrokenConnectionEviction eviction = new BrokenConnectionEviction();

    @Test
    void connectionsH2ReportsAsLostAreEvictedOthersFollowHikarisRules() {
        assertThat(eviction.adjudicate(new SQLException("Connection is broken", "90067", 90067)))
                .isEqualTo(Override.MUST_EVICT);
        assertThat(eviction.adjudicate(new SQLException("Database is already closed", "90121", 90121)))
                .isEqualTo(Override.MUST_EVICT);
        SQLException chained = new SQLException("wrapper", "HY000", 1);
        chained.setNextException(new SQLException("Database is already closed", "90098", 90098));
        assertThat(eviction.adjudicate(chained)).isEqualTo(Override.MUST_EVICT);
        assertThat(eviction.adjudicate(new SQLException("duplicate key", "23505", 0))).isEqualTo(Override.CONTINUE_EVICT);
        assertThat(eviction.adjudicate(new SQLException("terminating connection", "57P01", 0)))
                .isEqualTo(Override.CONTINUE_EVICT);
    }
}
