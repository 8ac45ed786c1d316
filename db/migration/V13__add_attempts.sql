-- Interrupted backups are run again (backplane.runner.retry-interrupted): each run of a backup or restore counts its
-- attempts, from 1. A restore is never retried and stays at 1; rows written before this version ran once and keep 1.
-- A restore's safety backup is never retried on its own either (it would capture a half-restored target): its row
-- says so in retried_when_interrupted.
alter table backup add column attempts integer not null default 1;
alter table restore add column attempts integer not null default 1;
alter table backup add column retried_when_interrupted boolean not null default true;
