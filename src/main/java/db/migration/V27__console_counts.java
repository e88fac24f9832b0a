package db.migration;

import java.sql.Statement;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Counters for the console (issue 16), kept by the database itself in the same transaction as every change to the
 * ledger, so the overview and the batches list read a few dozen rows instead of counting up to a million payments:
 * <ul>
 *   <li>{@code PAYMENT}: payments by the day they were created (UTC), batch ('' for none), status and type;</li>
 *   <li>{@code CALL}: Kotani calls by day, outcome and whether they count as an error, with their summed latency.</li>
 * </ul>
 * Every key is spread over 16 shards (payment or call id modulo 16) so concurrent writers rarely wait on the same
 * counter row; readers sum the shards. PostgreSQL keeps them with statement-level triggers that fold a statement's
 * rows into one sorted upsert (so two transactions lock counter rows in the same order, from any number of hub
 * instances); H2 with a row-level Java trigger ({@link ConsoleCountsH2Trigger}). Existing rows are counted here.
 * <p>
 * Also the payments list's reference-prefix filter's index in each database's words: {@code (reference, created_at,
 * id)}, so a prefix matching many payments picks its page from the index alone ({@code varchar_pattern_ops} with
 * {@code include} on PostgreSQL).
 */
public class V27__console_counts extends BaseJavaMigration {

    static final String TABLE = "create table console_counts ("
            + "kind varchar(8) not null, "            // PAYMENT, CALL
            + "on_day date not null, "                   // UTC day of payments.created_at / kotani_calls.at
            + "batch_id varchar(64) not null, "       // '' for payments of no batch and for calls
            + "k1 varchar(64) not null, "             // payment status / call outcome
            + "k2 varchar(64) not null, "             // payment type / 'ERROR' or '' for calls
            + "shard integer not null, "
            + "n bigint not null, "
            + "total bigint not null, "               // calls: summed latency_ms
            + "constraint pk_console_counts primary key (kind, on_day, batch_id, k1, k2, shard))";

    /** A Kotani call that counts as an error on the console (the same rule as the overview's). */
    static final String CALL_ERROR = "case when outcome in ('REJECTED', 'UNKNOWN', 'NOT_SENT') and not "
            + "(operation = 'CUSTOMER_BY_PHONE' and coalesce(http_status, 0) = 404) then 'ERROR' else '' end";

    private static final String PG_PAYMENTS = """
            create function console_count_payments() returns trigger language plpgsql as $$
            begin
              if TG_OP = 'INSERT' then
                insert into console_counts (kind, on_day, batch_id, k1, k2, shard, n, total)
                select 'PAYMENT', (created_at at time zone 'UTC')::date, coalesce(batch_id, ''), status, type,
                       (id % 16)::int, count(*), 0
                from new_rows group by 2, 3, 4, 5, 6 order by 2, 3, 4, 5, 6
                on conflict (kind, on_day, batch_id, k1, k2, shard) do update set n = console_counts.n + excluded.n;
              elsif TG_OP = 'DELETE' then
                insert into console_counts (kind, on_day, batch_id, k1, k2, shard, n, total)
                select 'PAYMENT', (created_at at time zone 'UTC')::date, coalesce(batch_id, ''), status, type,
                       (id % 16)::int, -count(*), 0
                from old_rows group by 2, 3, 4, 5, 6 order by 2, 3, 4, 5, 6
                on conflict (kind, on_day, batch_id, k1, k2, shard) do update set n = console_counts.n + excluded.n;
              else
                insert into console_counts (kind, on_day, batch_id, k1, k2, shard, n, total)
                select 'PAYMENT', on_day, batch_id, status, type, shard, sum(d), 0 from (
                  select (created_at at time zone 'UTC')::date as on_day, coalesce(batch_id, '') as batch_id, status, type,
                         (id % 16)::int as shard, 1 as d from new_rows
                  union all
                  select (created_at at time zone 'UTC')::date, coalesce(batch_id, ''), status, type, (id % 16)::int, -1
                  from old_rows) changes
                group by on_day, batch_id, status, type, shard having sum(d) <> 0
                order by on_day, batch_id, status, type, shard
                on conflict (kind, on_day, batch_id, k1, k2, shard) do update set n = console_counts.n + excluded.n;
              end if;
              return null;
            end $$""";

    private static final String PG_CALLS = """
            create function console_count_calls() returns trigger language plpgsql as $$
            begin
              insert into console_counts (kind, on_day, batch_id, k1, k2, shard, n, total)
              select 'CALL', (at at time zone 'UTC')::date, '', outcome, %s, (id %% 16)::int, count(*), sum(latency_ms)
              from new_rows group by 2, 4, 5, 6 order by 2, 4, 5, 6
              on conflict (kind, on_day, batch_id, k1, k2, shard) do update
                set n = console_counts.n + excluded.n, total = console_counts.total + excluded.total;
              return null;
            end $$""".formatted(CALL_ERROR);

    @Override
    public void migrate(Context context) throws Exception {
        String product = context.getConnection().getMetaData().getDatabaseProductName();
        boolean postgres = product != null && product.toLowerCase().contains("postgres");
        try (Statement s = context.getConnection().createStatement()) {
            s.execute(TABLE);
            s.execute("create index ix_console_counts_batch on console_counts (batch_id, kind)");
            s.execute(postgres
                    ? "create index ix_payments_reference_created on payments (reference varchar_pattern_ops) include (created_at, id)"
                    : "create index ix_payments_reference_created on payments (reference, created_at, id)");
            if (postgres) {
                // failed payments of one Kotani error code: without it the planner takes status and code for
                // independent, expects a handful of rows and sorts thousands instead of walking the code's index
                s.execute("create statistics st_payments_status_code (dependencies, mcv) on status, last_error_code "
                        + "from payments");
                s.execute("lock table payments, kotani_calls in share row exclusive mode");
                s.execute(PG_PAYMENTS);
                s.execute(PG_CALLS);
                s.execute("create trigger console_count_payments_insert after insert on payments "
                        + "referencing new table as new_rows for each statement execute function console_count_payments()");
                s.execute("create trigger console_count_payments_update after update on payments "
                        + "referencing old table as old_rows new table as new_rows for each statement "
                        + "execute function console_count_payments()");
                s.execute("create trigger console_count_payments_delete after delete on payments "
                        + "referencing old table as old_rows for each statement execute function console_count_payments()");
                s.execute("create trigger console_count_calls_insert after insert on kotani_calls "
                        + "referencing new table as new_rows for each statement execute function console_count_calls()");
            } else {
                s.execute("create trigger console_count_payments after insert, update, delete on payments "
                        + "for each row call \"" + ConsoleCountsH2Trigger.class.getName() + "\"");
                s.execute("create trigger console_count_calls after insert on kotani_calls "
                        + "for each row call \"" + ConsoleCountsH2Trigger.class.getName() + "\"");
            }
            // what is in the ledger already
            s.execute("insert into console_counts (kind, on_day, batch_id, k1, k2, shard, n, total) "
                    + "select 'PAYMENT', cast(created_at at time zone 'UTC' as date), coalesce(batch_id, ''), status, "
                    + "type, cast(mod(id, 16) as integer), count(*), 0 from payments "
                    + "group by cast(created_at at time zone 'UTC' as date), coalesce(batch_id, ''), status, type, "
                    + "cast(mod(id, 16) as integer)");
            s.execute("insert into console_counts (kind, on_day, batch_id, k1, k2, shard, n, total) "
                    + "select 'CALL', cast(at at time zone 'UTC' as date), '', outcome, " + CALL_ERROR + ", "
                    + "cast(mod(id, 16) as integer), count(*), sum(latency_ms) from kotani_calls "
                    + "group by cast(at at time zone 'UTC' as date), outcome, " + CALL_ERROR + ", cast(mod(id, 16) as integer)");
        }
    }
}
