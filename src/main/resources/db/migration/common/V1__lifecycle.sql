-- Stagegate's own records. The engine's tables (ACT_*) are Camunda's; these hold the project, its evidence
-- and the decisions, and are the source the process reads its path from.

create table sg_project (
    id                    varchar(36)  not null primary key,
    name                  varchar(200) not null,
    industry              varchar(16)  not null,
    privacy_level         varchar(8)   not null,
    process_complexity    varchar(8)   not null,
    domain_specialization varchar(12)  not null,
    audience              varchar(8)   not null,
    jurisdictions         varchar(64)  not null,
    eu_risk_class         varchar(8),
    team_json             varchar(20000) not null,
    kpis_json             varchar(20000) not null,
    status                varchar(12)  not null,
    current_phase         varchar(16),
    phase_state           varchar(20),
    recommendation_json   varchar(4000),
    approach_json         varchar(8000),
    validation_loops      integer      not null,
    launched              boolean      not null,
    process_instance_id   varchar(64),
    created_by            varchar(100) not null,
    created_at            timestamp with time zone not null,
    updated_at            timestamp with time zone not null,
    row_version           bigint       not null
);
create index sg_project_status_idx on sg_project (status, created_at);
create index sg_project_phase_idx on sg_project (current_phase, created_at);
create index sg_project_industry_idx on sg_project (industry, created_at);
create index sg_project_created_idx on sg_project (created_at);

create table sg_project_phase (
    project_id              varchar(36) not null,
    phase                   varchar(16) not null,
    state                   varchar(20) not null,
    iteration               integer     not null,
    evidence_from_iteration integer     not null,
    entries                 integer     not null,
    required_checks         varchar(4000) not null,
    required_signoffs       varchar(1000) not null,
    policy_json             varchar(4000),
    submitted_by            varchar(100),
    submitted_at            timestamp with time zone,
    last_decision           varchar(16),
    loop_to                 varchar(16),
    revalidation_required   boolean     not null,
    primary key (project_id, phase),
    constraint sg_project_phase_project_fk foreign key (project_id) references sg_project (id)
);

create table sg_deliverable (
    id           varchar(36)  not null primary key,
    project_id   varchar(36)  not null,
    phase        varchar(16)  not null,
    type         varchar(64)  not null,
    version      integer      not null,
    iteration    integer      not null,
    title        varchar(300) not null,
    uri          varchar(2048),
    sha256       varchar(64)  not null,
    size_bytes   bigint,
    media_type   varchar(255),
    file_name    varchar(255),
    metrics_json varchar(8000),
    submitted_by varchar(100) not null,
    submitted_at timestamp with time zone not null,
    constraint sg_deliverable_version_uq unique (project_id, type, version),
    constraint sg_deliverable_project_fk foreign key (project_id) references sg_project (id)
);
create index sg_deliverable_phase_idx on sg_deliverable (project_id, phase, submitted_at);

create table sg_check_confirmation (
    id           varchar(36)   not null primary key,
    project_id   varchar(36)   not null,
    phase        varchar(16)   not null,
    iteration    integer       not null,
    check_key    varchar(80)   not null,
    confirmed    boolean       not null,
    evidence     varchar(4000),
    confirmed_by varchar(100)  not null,
    confirmed_at timestamp with time zone not null,
    constraint sg_check_project_fk foreign key (project_id) references sg_project (id)
);
create index sg_check_phase_idx on sg_check_confirmation (project_id, phase, confirmed_at);

create table sg_signoff (
    id         varchar(36)  not null primary key,
    project_id varchar(36)  not null,
    phase      varchar(16)  not null,
    iteration  integer      not null,
    function_key varchar(40) not null,
    decision   varchar(8)   not null,
    comment_text varchar(4000),
    signed_by  varchar(100) not null,
    signed_at  timestamp with time zone not null,
    constraint sg_signoff_project_fk foreign key (project_id) references sg_project (id)
);
create index sg_signoff_phase_idx on sg_signoff (project_id, phase, iteration);

create table sg_gate_decision (
    id            varchar(36)  not null primary key,
    project_id    varchar(36)  not null,
    phase         varchar(16)  not null,
    iteration     integer      not null,
    decision      varchar(16)  not null,
    loop_to       varchar(16),
    comment_text  varchar(4000),
    decided_by    varchar(100) not null,
    decided_at    timestamp with time zone not null,
    evidence_json varchar(200000) not null,
    constraint sg_gate_decision_project_fk foreign key (project_id) references sg_project (id)
);
create index sg_gate_decision_phase_idx on sg_gate_decision (project_id, phase, decided_at);

-- Open user tasks, kept in step with the engine by task listeners in the same transaction.
create table sg_task (
    id               varchar(64)  not null primary key,
    project_id       varchar(36)  not null,
    task_key         varchar(64)  not null,
    name             varchar(255) not null,
    phase            varchar(16),
    function_key     varchar(40),
    candidate_groups varchar(500) not null,
    due              timestamp with time zone,
    created_at       timestamp with time zone not null
);
create index sg_task_project_idx on sg_task (project_id);

-- Append-only audit log, one hash chain per project.
create table sg_audit_event (
    project_id    varchar(36)  not null,
    seq           bigint       not null,
    at            timestamp with time zone not null,
    actor         varchar(100) not null,
    type          varchar(64)  not null,
    phase         varchar(16),
    details_json  varchar(200000) not null,
    hash          varchar(64)  not null,
    previous_hash varchar(64),
    primary key (project_id, seq)
);
