package io.kotanihub.ops.health;

import java.sql.SQLException;
import java.util.Set;

import com.zaxxer.hikari.SQLExceptionOverride;

/**
 * Tells the Hikari pool to drop a connection whose database went away, so that the hub (and its readiness) recovers
 * by itself when the database comes back. Hikari already evicts on the standard "connection exception" SQL states
 * (class 08, PostgreSQL's administrator shutdown 57P01...); H2 in server mode reports a lost server with its own codes
 * (90067 connection broken, 90121 database closed, 90098 database closed by shutdown), which Hikari would otherwise
 * keep handing out for ever. Configured as {@code spring.datasource.hikari.exception-override-class-name}.
 */
public class BrokenConnectionEviction implements SQLExceptionOverride {

    private static final Set<Integer> H2_CONNECTION_LOST = Set.of(90067, 90098, 90121);

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        for (SQLException current = e; current != null; current = current.getNextException()) {
            if (H2_CONNECTION_LOST.contains(current.getErrorCode())
                    && String.valueOf(current.getErrorCode()).equals(current.getSQLState())) {
                return Override.MUST_EVICT;
            }
        }
        return Override.CONTINUE_EVICT;
    }
}
