-- Stagegate on PostgreSQL: two roles.
--   stagegate_owner  owns the schema; Flyway (FLYWAY_USER) and the engine's schema creation/upgrade run as it.
--   stagegate_app    the application at run time (DB_USERNAME): reads and writes rows, changes no table, and may
--                    only append to and read the audit log — never update, delete or truncate it.
-- Run as stagegate_owner (or a superuser) after every migration, i.e. after each upgrade of Stagegate.
-- Replace "public" if the tables live in another schema. Creating the roles themselves is left to your DBA:
--   create role stagegate_owner login password '…';  create role stagegate_app login password '…';
--   create database stagegate owner stagegate_owner;

grant usage on schema public to stagegate_app;

-- every table of the application and of the Camunda engine: rows only, no DDL
grant select, insert, update, delete on all tables in schema public to stagegate_app;
grant usage, select, update on all sequences in schema public to stagegate_app;

-- the audit log is append-only for the application
revoke update, delete, truncate, references, trigger on sg_audit_event from stagegate_app;
grant select, insert on sg_audit_event to stagegate_app;

-- Flyway's own history table: the application reads nothing there and writes nothing
revoke all on sg_schema_history from stagegate_app;

-- tables that later migrations create get row access for the application; rerun this file anyway after each
-- migration so that a new or recreated audit table is append-only again
alter default privileges for role stagegate_owner in schema public
    grant select, insert, update, delete on tables to stagegate_app;
alter default privileges for role stagegate_owner in schema public
    grant usage, select, update on sequences to stagegate_app;
