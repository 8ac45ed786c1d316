/**
 * How Backplane builds an AWS SDK v2 {@code S3Client}: one helper shared by the
 * {@code s3} storage adapter and the {@code buckets} source, so both talk to S3 and
 * S3-compatible servers (MinIO, S3Proxy) with the same HTTP client, timeouts, retry
 * policy, checksum setting and credentials chain. It builds clients only; what is done
 * with them belongs to each adapter.
 */
@ApplicationModule(allowedDependencies = {})
package org.backplane.service.s3client;

import org.springframework.modulith.ApplicationModule;
