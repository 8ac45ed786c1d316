-- Per-request parameters (credentials) of a queued or running job, sealed with AES-GCM under the service's
-- secrets key: never stored in clear, deleted when the job ends.
create table job_secret (
	job_id     varchar(80) primary key,
	ciphertext bytea       not null,
	created_at timestamptz not null
);

-- Per-request parameters that chose where inside its location a backup lives (S3_BUCKET_NAME, S3_ENDPOINT_URL,
-- AWS_REGION, CONTAINER_NAME, AZURE_STORAGE_ACCOUNT, AZURE_STORAGE_ENDPOINT), URL-encoded k=v&k=v, never secrets:
-- restore and delete go to the same place.
alter table backup add column storage_parameters text;
