-- The per-request parameters that placed a backup inside its storage location (S3_BUCKET_NAME, S3_ENDPOINT_URL,
-- AWS_REGION, CONTAINER_NAME, AZURE_STORAGE_ACCOUNT, AZURE_STORAGE_ENDPOINT; never secrets) move from a hand-encoded
-- text column (URL-encoded k=v&k=v, V3) to a JSON object. Existing rows are converted; an empty object means none.

alter table backup add column storage_placement jsonb not null default '{}'::jsonb;

-- Decodes application/x-www-form-urlencoded text as java.net.URLEncoder wrote it (UTF-8, '+' for a space).
create function pg_temp.backplane_form_decode(input text) returns text language plpgsql immutable as $$
declare
	bytes bytea := ''::bytea;
	i int := 1;
	c text;
begin
	while i <= length(input) loop
		c := substr(input, i, 1);
		if c = '%' then
			bytes := bytes || decode(substr(input, i + 1, 2), 'hex');
			i := i + 3;
		elsif c = '+' then
			bytes := bytes || convert_to(' ', 'UTF8');
			i := i + 1;
		else
			bytes := bytes || convert_to(c, 'UTF8');
			i := i + 1;
		end if;
	end loop;
	return convert_from(bytes, 'UTF8');
end
$$;

update backup b
set storage_placement = (
	select coalesce(jsonb_object_agg(pg_temp.backplane_form_decode(split_part(pair, '=', 1)),
			pg_temp.backplane_form_decode(substr(pair, strpos(pair, '=') + 1))), '{}'::jsonb)
	from unnest(string_to_array(b.storage_parameters, '&')) as pair
	where pair <> '')
where b.storage_parameters is not null and b.storage_parameters <> '';

alter table backup drop column storage_parameters;
