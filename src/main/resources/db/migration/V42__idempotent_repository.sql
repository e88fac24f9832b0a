-- Camel's JDBC idempotent repository (JdbcMessageIdRepository, table camel_messageprocessed of V1) is now in use: the
-- Kafka ingress routes record each handled record (topic/partition/offset); the prune route deletes by age.
-- Portable SQL: runs on H2 (MODE=PostgreSQL) and on PostgreSQL.

create index ix_camel_messageprocessed_created on camel_messageprocessed (processorname, createdat);
