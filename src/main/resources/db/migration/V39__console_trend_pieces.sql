-- The console's one-minute trend buckets become the pieces the open buckets of the day and week charts are summed
-- from (issue 16): each kept one-minute bucket also carries its Kotani latencies and webhook lags as two small
-- histograms (HdrHistogram, 2 significant digits, compressed and base64 in body), so the percentiles of any run of
-- minutes come from summed bins instead of from the raw rows. body grows to hold them; the one-minute buckets kept
-- before (no histograms) are dropped and computed again.
-- Portable SQL: runs on H2 (MODE=PostgreSQL) and on PostgreSQL.

alter table console_trend_buckets alter column body set data type varchar(100000);
delete from console_trend_buckets where width = 60;
