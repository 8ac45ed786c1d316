-- Listing at a million backups (issue 20).
-- 1. Backup ids compare byte by byte ("C" collation): a prefix filter becomes the range id >= p and id < p || U+10FFFF,
--    which the primary key's btree answers directly, whatever the database's default collation (under a linguistic
--    collation such as en_US.UTF-8 neither LIKE 'p%' nor a range can use the index, and the range would not even mean
--    "starts with"). Ids are ASCII (a label of [A-Za-z0-9_.-] and a UUID), so the order changes only between ids with
--    the same creation time; keyset cursors compare in the same collation, so paging stays exact. The referencing
--    columns change with it: a join of columns in two collations compares in neither, so no index on either side
--    serves it (reading one backup with its components scanned every component). The indexes on these columns are
--    rebuilt; the tables are not rewritten.
alter table backup alter column id type varchar(80) collate "C";
alter table backup_component alter column backup_id type varchar(80) collate "C";
alter table restore alter column backup_id type varchar(80) collate "C";

-- 2. A status filter walks its own index in page order instead of the whole creation-time index.
create index backup_status_created_idx on backup (status, created_at desc, id desc);
drop index backup_status_idx;

-- The type changes dropped the statistics of these columns; the planner needs them (for a prefix, to choose between
-- the id range and the creation-time order).
analyze backup;
analyze backup_component;
analyze restore;

-- 3. The reaper's periodic look for running jobs with a stale heartbeat reads only the running ones, not every
--    backup and restore ever made.
create index backup_running_idx on backup (heartbeat_at) where completed_at is null;
create index restore_running_idx on restore (heartbeat_at) where completed_at is null;
