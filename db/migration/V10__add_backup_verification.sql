-- Issue 19 (verification, metrics, catalogue rebuild).
-- The last verification of each backup: when, how deep (size | full), its outcome (RUNNING, PASSED, FAILED) and
-- what it found. A backup whose last verification failed is shown as verifyFailed; nothing is ever deleted for it.
alter table backup add column verified_at timestamptz;
alter table backup add column verify_depth varchar(8);
alter table backup add column verify_status varchar(16);
alter table backup add column verify_detail text;

-- When each component of each label (a schedule's backups carry its name) last backed up successfully: one row
-- per (label, component), upserted in the transaction that marks a backup READY (and when a backup is imported),
-- so the metric backplane_backup_last_success_timestamp_seconds is the same on every replica and costs one read of
-- a small table, never a scan of the catalogue.
create table backup_last_success (
	label        varchar(25) not null,
	component    varchar(64) not null,
	completed_at timestamptz not null,
	primary key (label, component)
);

insert into backup_last_success (label, component, completed_at)
select b.label, c.name, max(b.completed_at)
from backup b join backup_component c on c.backup_id = b.id
where b.status in ('STATUS_READY', 'STATUS_RESTORING') and b.completed_at is not null
group by b.label, c.name;

-- The verification schedule's run counter, shared by every replica: run k fully reads the backups whose group
-- (CRC-32 of the id mod t) is in k*n .. k*n+n-1 (mod t).
create table verification_round (
	name varchar(64) primary key,
	runs bigint      not null
);

create index backup_verify_status_idx on backup (verify_status);
