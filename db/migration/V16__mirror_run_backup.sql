-- A mirror run that a backup ran (parameter MIRROR=true, as the backup plan sets it) is recorded as a mirror run too,
-- with the backup's id, so GET /api/v1/components/{name}/mirror-runs shows its outcome; null for a run started on
-- its own (POST /api/v1/components/{name}/mirror).
alter table mirror_run add column backup_id varchar(80);
