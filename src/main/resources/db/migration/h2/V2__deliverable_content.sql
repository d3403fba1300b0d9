create table sg_deliverable_content (
    deliverable_id varchar(36) not null primary key,
    content        blob        not null,
    constraint sg_content_deliverable_fk foreign key (deliverable_id) references sg_deliverable (id)
);
