-- run_node (V11) and run_pause rows belong to a backup or a restore (run_id is either's id), so no foreign key can
-- name their owner: triggers delete them with the row they belong to, whichever path deletes it (the API, the DC/OS
-- API, retention, a restore deleted with its backup by the cascade of restore.backup_id).
create function backplane_delete_run_rows() returns trigger language plpgsql as $$
begin
	delete from run_node where run_id = old.id;
	delete from run_pause where run_id = old.id;
	return null;
end;
$$;

create trigger backup_delete_run_rows after delete on backup
	for each row execute function backplane_delete_run_rows();
create trigger restore_delete_run_rows after delete on restore
	for each row execute function backplane_delete_run_rows();

-- the rows left behind by runs deleted before this version
delete from run_node n where not exists (select 1 from backup b where b.id = n.run_id)
	and not exists (select 1 from restore r where r.id = n.run_id);
delete from run_pause p where not exists (select 1 from backup b where b.id = p.run_id)
	and not exists (select 1 from restore r where r.id = p.run_id);
