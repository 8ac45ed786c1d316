/**
 * The {@code buckets} source: the buckets of an S3-compatible service (MinIO, Amazon S3,
 * S3Proxy), backed up object by object into the storage location's content-addressed
 * pool, restored bucket by bucket, and mirrored bucket to bucket. The S3 client is built
 * by {@code s3client}, shared with the {@code s3} storage adapter.
 */
package org.backplane.service.source.buckets;
