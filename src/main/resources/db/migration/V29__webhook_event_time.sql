-- Webhook lag on the console is Kotani's event time -> applied: the time the event happened, as the webhook's own body
-- says (data.timestamp / data.updated_at / data.updatedAt, see KotaniWebhookEventStore), kept beside its receipt.
-- Null when the body carries none (the lag then counts from receipt). Portable SQL (H2 and PostgreSQL).

alter table kotani_webhook_events add column event_at timestamp with time zone;
