-- Kotani's webhooks that are not payment status changes (refunds, settlements, KYC, system notices, unknown names)
-- are published to kotani.payments.events as well as forwarded to the ERP. Like payment events, a row is marked once
-- published, under its own publisher lock, so that none is lost and no two hub instances publish at the same time.
-- Portable SQL: runs on H2 (MODE=PostgreSQL) and on PostgreSQL.

alter table kotani_webhook_events add column kafka_published_at timestamp with time zone;

create index ix_kotani_webhook_events_kafka_pending on kotani_webhook_events (kafka_published_at, id);

insert into event_publishers (name, updated_at) values ('kafka-kotani-events', current_timestamp);
