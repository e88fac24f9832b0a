-- The console's trend buckets that are settled (ended over ten minutes ago, so everything in them is written): each
-- is computed once from the ledger, the Kotani call audit, the received webhooks and the ERP outbox by whichever hub
-- instance gets there first (the background aggregator, or a call that finds one missing) and kept here, so no
-- restart or second instance computes it again. body: the bucket's figures as JSON. A bulk load of backdated rows
-- must delete the buckets it writes into (they are recomputed).
-- Portable SQL: runs on H2 (MODE=PostgreSQL) and on PostgreSQL.

create table console_trend_buckets (
    width       integer                  not null,        -- bucket width in seconds (60, 900, 7200)
    bucket      bigint                   not null,        -- whole widths since the epoch
    body        varchar(4000)            not null,
    computed_at timestamp with time zone not null,
    constraint pk_console_trend_buckets primary key (width, bucket)
);

-- the payments list filtered by Kotani error code (failures link to it), read in the list's order
create index ix_payments_code_created on payments (last_error_code, created_at, id);
