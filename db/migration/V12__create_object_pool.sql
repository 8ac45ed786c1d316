-- One row per content-addressed object pool (a storage location with the bucket and endpoint a backup's placement
-- chose): whether its garbage collection is running (who, last heartbeat) or owed. The row is locked (select ... for
-- update) by a collection before it checks that no backup writes to the pool, and by a backup before it checks that
-- no collection runs, so the two never overlap (docs/design/bucket-pool.md).
create table object_pool (
	pool_key         text         primary key,
	storage_location varchar(64)  not null,
	storage_placement jsonb       not null default '{}'::jsonb,
	gc_runner        varchar(200),
	gc_heartbeat_at  timestamptz,
	gc_requested_at  timestamptz
);

-- What a pooled component (buckets) took over unchanged from its previous backup without reading it: objects and
-- their bytes, counted separately from the progress (which counts them as done). Null for other components.
alter table backup_component add column items_skipped bigint;
alter table backup_component add column bytes_skipped bigint;
