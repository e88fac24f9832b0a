package io.kotanihub.ledger;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Timestamps as the ledger stores them: UTC, microsecond precision (PostgreSQL's), so what is read equals what was written. */
public final class LedgerTime {

    private LedgerTime() { }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    static OffsetDateTime toDb(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    static Instant fromDb(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
