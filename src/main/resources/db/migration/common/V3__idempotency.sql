-- Idempotency-Key: the first response to a POST, replayed to retries with the same key and body.
create table sg_idempotency_key (
    user_id         varchar(100)  not null,
    idem_key        varchar(255)  not null,
    request_hash    varchar(64)   not null,
    state           varchar(12)   not null,
    response_status integer,
    response_location varchar(1000),
    response_type   varchar(200),
    response_body   varchar(1000000),
    created_at      timestamp with time zone not null,
    expires_at      timestamp with time zone not null,
    primary key (user_id, idem_key)
);
create index sg_idempotency_expiry_idx on sg_idempotency_key (expires_at);
