-- Receivables by bank checkout (REFERENCE §9.4/9.5) and card deposit (§9.6), issue 15: an invoice whose methods ask
-- for BANK_CHECKOUT or CARD_DEPOSIT is collected by one deposit of that kind instead of a payment link. The deposit's
-- reference is the invoice's; what Kotani answers for the customer (the hosted page or 3-D Secure URL, the bank
-- transfer details) is kept here. Card numbers and CVVs are never stored.
alter table invoices add column collection varchar(16) default 'LINK' not null; -- LINK, BANK_CHECKOUT, CARD_DEPOSIT
alter table invoices add column checkout_id varchar(128);                        -- Kotani's deposit id
alter table invoices add column checkout_url varchar(2000);                      -- redirectUrl / redirect_url
alter table invoices add column bank_details varchar(4000);                      -- bankPaymentDetails, as JSON
