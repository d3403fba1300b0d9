-- Operation (phase 7 after launch): the schedule of knowledge refreshes and operations reviews, the operating
-- metrics with their breaches, degradation reviews, and the optimization log. Also flags overdue tasks in the
-- open-task read model.

alter table sg_task add column overdue_at timestamp with time zone;

-- One row per project that was scheduled for operation (or given a schedule by the PMO before launch).
create table sg_operation (
    project_id       varchar(36) not null primary key,
    refresh_cycle    varchar(32) not null,
    review_period    varchar(32) not null,
    launched_at      timestamp with time zone,
    next_refresh_due timestamp with time zone,
    last_refresh_at  timestamp with time zone,
    next_review_due  timestamp with time zone,
    last_review_at   timestamp with time zone,
    last_review_by   varchar(100),
    constraint sg_operation_project_fk foreign key (project_id) references sg_project (id)
);

create table sg_degradation_review (
    id         varchar(36)  not null primary key,
    project_id varchar(36)  not null,
    task_id    varchar(64),
    -- OPEN (task open), REITERATING (RETRAIN or REFRESH_DATA until the new version is live), CLOSED
    state      varchar(12)  not null,
    opened_at  timestamp with time zone not null,
    outcome    varchar(16),
    note       varchar(4000),
    decided_by varchar(100),
    decided_at timestamp with time zone,
    closed_at  timestamp with time zone,
    constraint sg_degradation_review_project_fk foreign key (project_id) references sg_project (id)
);
create index sg_degradation_review_state_idx on sg_degradation_review (project_id, state);

-- The operating metrics, one time series per project and metric.
create table sg_metric_observation (
    id           varchar(36)  not null primary key,
    project_id   varchar(36)  not null,
    metric       varchar(100) not null,
    metric_value double precision not null,
    observed_at  timestamp with time zone not null,
    received_at  timestamp with time zone not null,
    received_by  varchar(100) not null,
    breached     boolean      not null,
    threshold    double precision,
    reason       varchar(300),
    policy       varchar(300),
    review_id    varchar(36),
    constraint sg_metric_project_fk foreign key (project_id) references sg_project (id),
    constraint sg_metric_review_fk foreign key (review_id) references sg_degradation_review (id)
);
create index sg_metric_series_idx on sg_metric_observation (project_id, metric, observed_at);
create index sg_metric_time_idx on sg_metric_observation (project_id, observed_at);
create index sg_metric_review_idx on sg_metric_observation (review_id);

create table sg_knowledge_refresh (
    task_id                  varchar(64) not null primary key,
    project_id               varchar(36) not null,
    scheduled_for            timestamp with time zone not null,
    due                      timestamp with time zone not null,
    -- the latest knowledge-base-index version when the task was created; completion needs a newer one
    baseline_version         integer     not null,
    escalated_at             timestamp with time zone,
    completed_at             timestamp with time zone,
    completed_by             varchar(100),
    knowledge_base_version   integer,
    optimization_log_version integer,
    constraint sg_knowledge_refresh_project_fk foreign key (project_id) references sg_project (id)
);
create index sg_knowledge_refresh_project_idx on sg_knowledge_refresh (project_id, scheduled_for);

create table sg_operations_review (
    task_id      varchar(64)   not null primary key,
    project_id   varchar(36)   not null,
    since        timestamp with time zone not null,
    created_at   timestamp with time zone not null,
    summary      varchar(20000) not null,
    completed_at timestamp with time zone,
    completed_by varchar(100),
    note         varchar(4000),
    constraint sg_operations_review_project_fk foreign key (project_id) references sg_project (id)
);
create index sg_operations_review_project_idx on sg_operations_review (project_id, created_at);

-- The optimization log (优化日志): what was done to keep an operating project healthy, append-only.
create table sg_optimization_entry (
    id         varchar(36)   not null primary key,
    project_id varchar(36)   not null,
    seq        bigint        not null,
    at         timestamp with time zone not null,
    kind       varchar(32)   not null,
    actor      varchar(100)  not null,
    text_body  varchar(4000) not null,
    constraint sg_optimization_entry_seq_uq unique (project_id, seq),
    constraint sg_optimization_entry_project_fk foreign key (project_id) references sg_project (id)
);
