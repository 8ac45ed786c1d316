-- The backup catalogue: backups, their components, restores and theirs, and per-component locks.
-- Status values are the names of the service's lifecycle enums (BackupStatus, RestoreStatus, ComponentStatus).

create table backup (
	id               varchar(80)  primary key,
	label            varchar(25)  not null,
	status           varchar(32)  not null,
	row_version      bigint       not null,
	service_version  varchar(64)  not null,
	storage_location varchar(64)  not null,
	storage_uri      varchar(2048) not null,
	created_at       timestamptz  not null,
	updated_at       timestamptz  not null,
	completed_at     timestamptz,
	heartbeat_at     timestamptz,
	runner           varchar(200),
	error_reason     text,
	size_bytes       bigint       not null default 0,
	items_done       bigint       not null default 0,
	items_total      bigint       not null default 0,
	bytes_done       bigint       not null default 0,
	bytes_total      bigint       not null default 0
);

-- keyset pagination, newest first
create index backup_created_idx on backup (created_at desc, id desc);
create index backup_status_idx on backup (status);

create table backup_component (
	backup_id    varchar(80)  not null references backup (id) on delete cascade,
	name         varchar(64)  not null,
	position     int          not null,
	type         varchar(32)  not null,
	status       varchar(32)  not null,
	artifact_key varchar(1024),
	size_bytes   bigint,
	sha256       varchar(64),
	error_reason text,
	items_done   bigint       not null default 0,
	items_total  bigint       not null default 0,
	bytes_done   bigint       not null default 0,
	bytes_total  bigint       not null default 0,
	primary key (backup_id, name)
);

create table restore (
	id           varchar(80)  primary key,
	backup_id    varchar(80)  not null references backup (id) on delete cascade,
	status       varchar(32)  not null,
	row_version  bigint       not null,
	policy       varchar(32),
	target_path  varchar(1024),
	created_at   timestamptz  not null,
	updated_at   timestamptz  not null,
	completed_at timestamptz,
	heartbeat_at timestamptz,
	runner       varchar(200),
	error_reason text,
	safety_backup_id varchar(80),
	items_done   bigint       not null default 0,
	items_total  bigint       not null default 0,
	bytes_done   bigint       not null default 0,
	bytes_total  bigint       not null default 0
);

create index restore_backup_idx on restore (backup_id, created_at desc);
create index restore_status_idx on restore (status);

create table restore_component (
	restore_id   varchar(80)  not null references restore (id) on delete cascade,
	name         varchar(64)  not null,
	position     int          not null,
	status       varchar(32)  not null,
	error_reason text,
	items_done   bigint       not null default 0,
	items_total  bigint       not null default 0,
	bytes_done   bigint       not null default 0,
	bytes_total  bigint       not null default 0,
	primary key (restore_id, name)
);

-- One row per component in use: the primary key makes "one operation per component" cluster-safe.
create table component_lock (
	component   varchar(64)  primary key,
	holder_id   varchar(80)  not null,
	operation   varchar(16)  not null,
	acquired_at timestamptz  not null
);

create index component_lock_holder_idx on component_lock (holder_id);
