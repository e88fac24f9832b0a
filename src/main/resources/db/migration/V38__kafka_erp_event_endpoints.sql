-- The Kafka events topic and the ERP outbox become endpoints that read the event log (issue 13); their relays of
-- earlier versions marked each row they handed over (kafka_published_at, erp_enqueued_at). When no endpoint reads the
-- log yet, the rows both relays are done with (the Kafka one: unless Kafka was never used) are marked logged, so that
-- a long-running ledger is not appended to the log whole once, only for both endpoints to skip every entry. Any other
-- row is appended as usual, and each endpoint skips what its old relay had handed over (EventEndpointPublisher).
-- Portable SQL: runs on H2 (MODE=PostgreSQL) and on PostgreSQL.

update payment_status_history set event_logged_at = erp_enqueued_at
 where event_logged_at is null and erp_enqueued_at is not null
   and (kafka_published_at is not null
        or not exists (select 1 from payment_status_history k where k.kafka_published_at is not null))
   and not exists (select 1 from event_endpoints);

update kotani_webhook_events set event_logged_at = processed_at
 where event_logged_at is null and processed_at is not null
   and (kafka_published_at is not null
        or not exists (select 1 from kotani_webhook_events k where k.kafka_published_at is not null))
   and not exists (select 1 from event_endpoints);
