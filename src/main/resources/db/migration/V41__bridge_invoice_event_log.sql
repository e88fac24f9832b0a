-- The crypto bridge's events (bridge_events) and the receivables' events (invoice_events) become kinds of the one
-- event log (BRIDGE, INVOICE; issue 13): every endpoint of hub.events.endpoints receives them, and the Kafka topic and
-- the ERP outbox receive them as endpoints of the log instead of through relays of their own.
-- The rows both earlier relays are done with (the Kafka one: unless Kafka was never used for that table) are marked
-- logged: the configured endpoints were never promised these events, and appending a long-running ledger's whole
-- history once would flood them while the Kafka and ERP endpoints skip every entry. Unlike V38 this does not depend on
-- event_endpoints being empty: the ERP endpoint has had its row there since V38's hub first started. Any other row is
-- appended as usual, and the Kafka and ERP endpoints each skip what their old relay had handed over
-- (EventEndpointPublisher).
-- Portable SQL: runs on H2 (MODE=PostgreSQL) and on PostgreSQL.

alter table bridge_events add column event_logged_at timestamp with time zone;
create index ix_bridge_events_event_log_pending on bridge_events (event_logged_at, id);

alter table invoice_events add column event_logged_at timestamp with time zone;
create index ix_invoice_events_event_log_pending on invoice_events (event_logged_at, id);

update bridge_events set event_logged_at = erp_enqueued_at
 where erp_enqueued_at is not null
   and (kafka_published_at is not null
        or not exists (select 1 from bridge_events k where k.kafka_published_at is not null));

update invoice_events set event_logged_at = erp_enqueued_at
 where erp_enqueued_at is not null
   and (kafka_published_at is not null
        or not exists (select 1 from invoice_events k where k.kafka_published_at is not null));
