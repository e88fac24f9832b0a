-- Batches posted to the REST API (POST /api/v1/batches): the CSV is kept until its rows are in the ledger, so that
-- an accepted batch is processed even when the instance that took it stops (another one resumes it from here), and
-- every validation problem is kept for GET /api/v1/batches/{id} (a dropped file's go to its validation report).
-- Portable SQL: runs on H2 (MODE=PostgreSQL) and on PostgreSQL.

create table batch_contents (
    batch_id        varchar(64)              not null primary key references batches (id),
    content         bytea                    not null
);

create table batch_problems (
    batch_id        varchar(64)              not null references batches (id),
    seq             integer                  not null,            -- order in which the problems were found
    batch_row       integer                  not null,            -- the header is row 1
    reference       varchar(256),
    field           varchar(64),
    message         varchar(4000),
    constraint pk_batch_problems primary key (batch_id, seq)
);
