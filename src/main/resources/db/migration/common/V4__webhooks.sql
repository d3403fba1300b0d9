-- Webhooks: subscriptions of integrating systems, and the outbox that is also the delivery log.

create table sg_webhook_subscription (
    id                varchar(36)   not null primary key,
    url               varchar(2000) not null,
    events            varchar(500)  not null,
    -- AES-GCM ciphertext; the key is held outside the database. Cleared when the subscription is deleted.
    secret_ciphertext varchar(1000),
    created_by        varchar(100)  not null,
    created_at        timestamp with time zone not null,
    deleted_by        varchar(100),
    deleted_at        timestamp with time zone
);
create index sg_webhook_subscription_creator_idx on sg_webhook_subscription (created_by, created_at);

-- One row per event and subscription, written in the transaction of the project change (transactional outbox).
create table sg_webhook_delivery (
    id               varchar(36)   not null primary key,
    subscription_id  varchar(36)   not null,
    event_id         varchar(36)   not null,
    event_type       varchar(40)   not null,
    project_id       varchar(36)   not null,
    project_seq      bigint        not null,
    payload          varchar(100000) not null,
    status           varchar(12)   not null,
    attempts         integer       not null,
    created_at       timestamp with time zone not null,
    last_attempt_at  timestamp with time zone,
    last_status_code integer,
    last_error       varchar(500),
    next_attempt_at  timestamp with time zone,
    claimed_by       varchar(100),
    claimed_until    timestamp with time zone,
    redelivery_of    varchar(36),
    constraint sg_webhook_delivery_subscription_fk foreign key (subscription_id)
        references sg_webhook_subscription (id)
);
create index sg_webhook_delivery_due_idx on sg_webhook_delivery (status, next_attempt_at);
create index sg_webhook_delivery_queue_idx on sg_webhook_delivery (subscription_id, project_id, status, project_seq);
create index sg_webhook_delivery_log_idx on sg_webhook_delivery (subscription_id, created_at);
