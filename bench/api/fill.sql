-- Fills the catalogue with :n backups (psql variable), as the service would have written them: ids
-- <label>-<uuid4>, labels lbl00000 … (one label per 100 backups, so a label prefix matches ~100 backups at any
-- size), one backup a minute going back from now, 95 % STATUS_READY and 5 % STATUS_ERROR, two components each
-- (a zookeeper one and a directory one, with artifact key, size and SHA-256 when READY), and a READY restore of
-- one component for 1 % of them. Set-based (generate_series), one transaction; indexes are kept (what a real
-- catalogue has) and the tables analysed at the end.
\set ON_ERROR_STOP on
begin;
create temporary table bench_ids on commit drop as
select i,
	'lbl' || lpad((i / 100)::text, 5, '0') as label,
	'lbl' || lpad((i / 100)::text, 5, '0') || '-' || gen_random_uuid()::text as id,
	now() - make_interval(mins => (:n - i)) as created,
	(i % 20 = 7) as failed
from generate_series(0, :n - 1) as i;

insert into backup (id, label, status, row_version, service_version, storage_location, storage_uri, created_at,
	updated_at, completed_at, heartbeat_at, runner, error_reason, size_bytes, items_done, items_total, bytes_done,
	bytes_total, storage_placement, created_by)
select id, label, case when failed then 'STATUS_ERROR' else 'STATUS_READY' end, 3, '0.1.0-SNAPSHOT', 'default',
	'file:///var/lib/backplane/', created, created + interval '20 seconds', created + interval '20 seconds',
	created + interval '20 seconds', 'bench-runner',
	case when failed then 'Storage default failed: Connection reset' end,
	case when failed then 0 else 1048576 + i % 4096 end, 120, 120, 1048576, 1048576, '{}'::jsonb, 'bench'
from bench_ids;

insert into backup_component (backup_id, name, position, type, status, artifact_key, size_bytes, sha256,
	error_reason, items_done, items_total, bytes_done, bytes_total)
select id, c.name, c.position, c.type,
	case when failed and c.position = 1 then 'STATUS_ERROR' else 'STATUS_READY' end,
	case when failed and c.position = 1 then null else 'backups/' || id || '/' || c.name || '.tar.gz' end,
	case when failed and c.position = 1 then null else 524288 + i % 2048 end,
	case when failed and c.position = 1 then null else md5(id || c.name) || md5(c.name || id) end,
	case when failed and c.position = 1 then 'Storage default failed: Connection reset' end,
	60, 60, 524288, 524288
from bench_ids cross join (values ('marathon', 0, 'zookeeper'), ('data', 1, 'directory')) as c(name, position, type);

insert into restore (id, backup_id, status, row_version, policy, target_path, created_at, updated_at, completed_at,
	heartbeat_at, runner, error_reason, safety_backup_id, items_done, items_total, bytes_done, bytes_total,
	created_by)
select 'restore:' || gen_random_uuid()::text, id, 'STATUS_READY', 3, null, null, created + interval '1 hour',
	created + interval '61 minutes', created + interval '61 minutes', created + interval '61 minutes',
	'bench-runner', null, null, 60, 60, 524288, 524288, 'bench'
from bench_ids where i % 100 = 42 and not failed;

insert into restore_component (restore_id, name, position, status, error_reason, items_done, items_total,
	bytes_done, bytes_total)
select r.id, 'marathon', 0, 'STATUS_READY', null, 60, 60, 524288, 524288
from restore r where r.created_by = 'bench'
	and not exists (select 1 from restore_component rc where rc.restore_id = r.id);
commit;
analyze backup;
analyze backup_component;
analyze restore;
analyze restore_component;
