-- Who started each backup and restore: the name of the caller the service saw (a DC/OS uid, a static token's name,
-- or 'anonymous' when the service runs without authentication); a restore's safety backup records the restore's
-- caller. Rows written before this version did not record it and keep null, which the API shows as null and the CLI
-- as "not recorded": the catalogue cannot tell who started them, and null never passes for a real name.
alter table backup add column created_by text;
alter table restore add column created_by text;
