-- The operations console's lists, failures and trends (issue 16): every payment newest first, keyset-paged on
-- (created_at, id), filtered by one column at a time or by batch; payments finished per minute (completed_at);
-- failures grouped by Kotani error code; the ERP outbox backlog over time. Each filter of the payments list has an
-- index that starts with its column and ends with the list's order, so a page reads only the rows it shows.
-- Portable SQL: runs on H2 (MODE=PostgreSQL) and on PostgreSQL. (V26 adds PostgreSQL's index for reference prefixes.)

create index ix_payments_created on payments (created_at, id);
create index ix_payments_status_created on payments (status, created_at, id);
create index ix_payments_batch_created on payments (batch_id, created_at, id);
create index ix_payments_type_created on payments (type, created_at, id);
create index ix_payments_method_created on payments (method, created_at, id);
create index ix_payments_source_created on payments (source, created_at, id);
create index ix_payments_currency_created on payments (currency, created_at, id);
create index ix_payments_completed on payments (completed_at, status);
create index ix_payments_status_completed on payments (status, completed_at, last_error_code);

create index ix_erp_deliveries_created on erp_deliveries (created_at);
create index ix_erp_deliveries_delivered on erp_deliveries (delivered_at);

create index ix_batches_created on batches (created_at, id);
