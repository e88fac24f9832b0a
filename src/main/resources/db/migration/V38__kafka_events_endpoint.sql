-- The Kafka events topic becomes one of the endpoints that read the event log (issue 13). Events the Kafka relay of
-- earlier versions published already are not appended to the log when no endpoint reads it yet (otherwise a
-- long-running ledger would be appended whole once, only for the topic to skip every entry); where endpoints exist,
-- those still need them, and the topic's endpoint skips what it had published (EventEndpointPublisher).
-- Portable SQL: runs on H2 (MODE=PostgreSQL) and on PostgreSQL.

update payment_status_history set event_logged_at = kafka_published_at
 where event_logged_at is null and kafka_published_at is not null
   and not exists (select 1 from event_endpoints);

update kotani_webhook_events set event_logged_at = kafka_published_at
 where event_logged_at is null and kafka_published_at is not null
   and not exists (select 1 from event_endpoints);
