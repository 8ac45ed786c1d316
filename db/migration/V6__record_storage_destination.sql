-- Where each backup's data actually went inside its storage location: the bucket or container and the endpoint its
-- adapter resolved with the request's per-request parameters (both null for a file location). Rows written before
-- this version did not record it and keep null, which the API shows as null ("not recorded").
alter table backup add column storage_bucket text;
alter table backup add column storage_endpoint text;
