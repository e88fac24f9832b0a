-- Events are derived from ledger changes: every payment_status_history row is one status-change event. A row is
-- marked once it has been published, in the same transaction that holds the publisher's lock, so that no event is
-- lost when the process dies and no two hub instances publish at the same time.
alter table payment_status_history add column kafka_published_at timestamp with time zone;

create index ix_history_kafka_pending on payment_status_history (kafka_published_at, id);

create table event_publishers (
    name            varchar(64)              not null primary key,
    updated_at      timestamp with time zone not null
);

insert into event_publishers (name, updated_at) values ('kafka-events', current_timestamp);
