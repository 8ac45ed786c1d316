package org.backplane.client.model;

/**
 * Where a backup's data actually went, as {@code GET /api/v1/backups/{id}} shows it under
 * {@code storage}. Never secrets.
 *
 * @param location the storage location's name
 * @param uri the location's URI with secrets replaced by {@code ***}
 * @param bucket the S3 bucket or Azure container the data went to (the one a request's
 * {@code S3_BUCKET_NAME} or {@code CONTAINER_NAME} named, else the location's own), or
 * {@code null} for a {@code file} location or a backup made before it was recorded
 * @param endpoint the URL of the server the data went to (the one a request's
 * {@code S3_ENDPOINT_URL}, {@code AZURE_STORAGE_ENDPOINT} or
 * {@code AZURE_STORAGE_ACCOUNT} led to, else the location's own; Amazon S3's regional
 * endpoint when the location names none), or {@code null} for a {@code file} location or
 * a backup made before it was recorded
 */
public record BackupStorage(String location, String uri, String bucket, String endpoint) {
}
