-- Per-request parameters (credentials) of a queued or running job, sealed with AES-GCM under the service's
-- secrets key: never stored in clear, deleted when the job ends.
create table job_secret (
	job_id     varchar(80) primary key,
	ciphertext bytea       not null,
	created_at timestamptz not null
);
