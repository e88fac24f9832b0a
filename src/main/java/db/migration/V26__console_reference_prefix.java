package db.migration;

import java.sql.Statement;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * The console's reference-prefix filter ({@code reference like 'abc%'}): H2 answers it from the unique index on
 * {@code payments.reference}, PostgreSQL only from an index in byte order ({@code varchar_pattern_ops}) unless the
 * database's collation is "C". This migration adds that index on PostgreSQL and nothing elsewhere.
 */
public class V26__console_reference_prefix extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        String product = context.getConnection().getMetaData().getDatabaseProductName();
        if (product != null && product.toLowerCase().contains("postgres")) {
            try (Statement statement = context.getConnection().createStatement()) {
                statement.execute("create index ix_payments_reference_prefix on payments (reference varchar_pattern_ops)");
            }
        }
    }
}
