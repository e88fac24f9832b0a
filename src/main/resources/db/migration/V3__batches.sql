-- Batches (file drop): progress counts, a lease so that a crashed instance's batch can be resumed, the result file,
-- and the rows of a batch that were not paid (DUPLICATE: reference used before; INVALID: skipped in skip-rows mode).
-- Batch statuses: RECEIVED, VALIDATING, REJECTED, DISPATCHING (rows being handed to the ledger),
-- DISPATCHED (every row handed over, waiting for final states), COMPLETED (result written).

alter table batches add column dispatched_rows integer not null default 0;
alter table batches add column duplicate_rows integer not null default 0;
alter table batches add column claimed_by varchar(64);
alter table batches add column heartbeat_at timestamp with time zone;
alter table batches add column dispatched_at timestamp with time zone;
alter table batches add column result_file varchar(512);

create index ix_batches_status on batches (status);

create table batch_row_issues (
    batch_id        varchar(64)              not null references batches (id),
    batch_row       integer                  not null,
    reference       varchar(256),
    status          varchar(16)              not null,            -- DUPLICATE, INVALID
    amount          numeric(24, 8),
    currency        varchar(8),
    error_code      varchar(64),
    error_message   varchar(4000),
    constraint pk_batch_row_issues primary key (batch_id, batch_row)
);
