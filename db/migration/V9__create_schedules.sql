-- Schedules and retention (issue 19).
--
-- backup.pinned: a pinned backup is never deleted, by retention or by hand, until it is unpinned.
-- backup.deleting_since: set when a deletion starts (the backup is then STATUS_ERROR with a reason), so that a
-- deletion that failed half-way (storage down) never leaves a record shown as READY whose objects are gone; the
-- service retries such deletions until they succeed. Null for every backup not being deleted.
alter table backup add column pinned boolean not null default false;
alter table backup add column deleting_since timestamptz;

-- retention reads a schedule's (a label's) backups; the "previous run still going" check reads its running ones
create index backup_label_idx on backup (label, created_at desc);
create index backup_deleting_idx on backup (deleting_since) where deleting_since is not null;

-- A schedule: a cron expression that starts backups labelled with its name, and the retention rules that prune
-- them. origin is API (created through the API) or CONFIGURATION (declared as backplane.schedules.<name>.*, read-only
-- through the API). next_run_at is when the next tick is due (kept while paused, recomputed on resume).
create table schedule (
	name                  varchar(25)  primary key,
	cron                  varchar(200) not null,
	zone                  varchar(64)  not null,
	components            jsonb,
	storage_location      varchar(64),
	retention             jsonb,
	paused                boolean      not null default false,
	origin                varchar(16)  not null,
	next_run_at           timestamptz  not null,
	last_run_at           timestamptz,
	last_backup_id        varchar(80),
	last_outcome          varchar(16),
	last_error            text,
	skipped_count         bigint       not null default 0,
	retention_applied_for varchar(80),
	created_at            timestamptz  not null,
	created_by            text,
	updated_at            timestamptz  not null,
	row_version           bigint       not null
);

-- One row per tick of a schedule (and per run-now): the primary key makes "one run per tick across replicas" a
-- database rule, not only the dispatcher's. outcome: STARTED, SKIPPED, FAILED.
create table schedule_run (
	schedule_name varchar(25) not null references schedule (name) on delete cascade,
	due_at        timestamptz not null,
	outcome       varchar(16) not null,
	backup_id     varchar(80),
	recorded_at   timestamptz not null,
	primary key (schedule_name, due_at)
);
