-- The portfolio list's total without counting the matching projects on every request (issue 8, read scale): the
-- number of projects per status, current phase and industry, changed in the same transaction as the project.
-- Each combination is spread over 16 slots (by project id), so that concurrent changes of different projects
-- seldom wait for the same row; a total is the sum over the slots of the matching combinations (at most a few
-- thousand rows, whatever the number of projects). current_phase is '-' for a project without one.
create table sg_project_count (
    status        varchar(12) not null,
    current_phase varchar(16) not null,
    industry      varchar(16) not null,
    slot          integer     not null,
    projects      bigint      not null,
    constraint sg_project_count_pk primary key (status, current_phase, industry, slot)
);

-- Projects that exist when this version is first started are counted in slot 0.
insert into sg_project_count (status, current_phase, industry, slot, projects)
select status, coalesce(current_phase, '-'), industry, 0, count(*)
from sg_project
group by status, coalesce(current_phase, '-'), industry;

-- The page of a filtered list in one index range, already in the list's order, whatever the number of projects.
create index sg_project_portfolio_idx on sg_project (status, current_phase, industry, created_at desc, id);
