-- Native mirror runs (POST /api/v1/components/{name}/mirror) as asynchronous jobs on the run kernel: one row per
-- run, one component row (the kernel's shape), the counters of the run's result once it is READY.
create table mirror_run (
	id              varchar(80)  primary key,
	component       varchar(64)  not null,
	status          varchar(32)  not null,
	row_version     bigint       not null,
	created_by      varchar(200) not null,
	created_at      timestamptz  not null,
	updated_at      timestamptz  not null,
	completed_at    timestamptz,
	heartbeat_at    timestamptz,
	runner          varchar(200),
	error_reason    text,
	attempts        integer      not null default 1,
	items_done      bigint       not null default 0,
	items_total     bigint       not null default 0,
	bytes_done      bigint       not null default 0,
	bytes_total     bigint       not null default 0,
	-- source bucket and mirror bucket, one pair a line, tab-separated
	buckets         text,
	objects         bigint,
	copied          bigint,
	copied_bytes    bigint,
	unchanged       bigint,
	deleted_objects bigint,
	-- one mirror bucket a line
	deleted_buckets text
);

create index mirror_run_component_idx on mirror_run (component, created_at desc);

create table mirror_run_component (
	mirror_run_id varchar(80)  not null references mirror_run (id) on delete cascade,
	name          varchar(64)  not null,
	position      int          not null,
	status        varchar(32)  not null,
	error_reason  text,
	items_done    bigint       not null default 0,
	items_total   bigint       not null default 0,
	bytes_done    bigint       not null default 0,
	bytes_total   bigint       not null default 0,
	primary key (mirror_run_id, name)
);
