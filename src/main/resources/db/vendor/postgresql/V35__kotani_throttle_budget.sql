-- The Kotani throttle's state, shared by every hub instance on this database (PostgreSQL only; the embedded
-- default keeps it in the process). One row per endpoint budget, kept by Bucket4j's PostgreSQL backend: the key
-- names the endpoint and the pacing it was created with, the state is Bucket4j's serialized token bucket.
create table kotani_throttle_bucket (
    id         varchar(120) primary key,
    state      bytea,
    expires_at bigint
);

-- A 429's pause per endpoint (Kotani's retryAfter): no instance calls the endpoint before paused_until_ms (epoch ms).
create table kotani_throttle_pause (
    endpoint        varchar(64) primary key,
    paused_until_ms bigint not null
);
