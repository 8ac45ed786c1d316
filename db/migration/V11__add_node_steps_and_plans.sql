-- Node snapshots (source type nodes) and the DC/OS SDK plan API.

-- Where a backup's objects lie: null for Backplane's own layout (backups/<id>/...), else the layout of a
-- data-service snapshot ('s3': <snapshot>/node-<i>/<files>, 'azure': <snapshot>/node-<i>.tar.gz) and its name.
alter table backup add column layout varchar(16);
alter table backup add column snapshot_name varchar(200);
create index backup_snapshot_idx on backup (snapshot_name) where snapshot_name is not null;

-- One row per node of a nodes component in a backup or a restore (run_id is either's id): its step's status,
-- message and, for a backup, its artifact.
create table run_node (
	run_id        varchar(80)   not null,
	component     varchar(64)   not null,
	node          int           not null,
	status        varchar(16)   not null,
	message       text,
	artifact_key  varchar(1024),
	size_bytes    bigint,
	sha256        varchar(64),
	items         bigint        not null default 0,
	content_bytes bigint        not null default 0,
	updated_at    timestamptz   not null,
	primary key (run_id, component, node)
);

-- A run whose next node steps wait (a plan's stop or interrupt) until the row is removed (continue).
create table run_pause (
	run_id    varchar(80)  primary key,
	paused_at timestamptz  not null
);

-- Each start of a plan: the backup or restore it runs as.
create table plan_run (
	run_id        varchar(80)   primary key,
	plan          varchar(32)   not null,
	component     varchar(64)   not null,
	snapshot_name varchar(200)  not null,
	created_at    timestamptz   not null,
	created_by    varchar(200)
);

create index plan_run_plan_idx on plan_run (plan, created_at desc);
