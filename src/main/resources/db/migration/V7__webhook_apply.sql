-- Applying received Kotani webhooks: each stored event is taken (leased) by one applier at a time, retried when its
-- processing dies, and marked processed with what was done. Events that are not payment status changes (refunds,
-- settlements, unknown names) are forwarded to the ERP outbox as their own deliveries, keyed by the event's id.
-- Portable SQL: runs on H2 (MODE=PostgreSQL) and on PostgreSQL.

alter table kotani_webhook_events add column attempts integer default 0 not null;
alter table kotani_webhook_events add column next_attempt_at timestamp with time zone;
alter table kotani_webhook_events add column outcome varchar(32);

alter table erp_deliveries alter column event_id drop not null;
alter table erp_deliveries add column kotani_event_id bigint;
alter table erp_deliveries add constraint uq_erp_deliveries_kotani_event_target unique (kotani_event_id, target_url);
