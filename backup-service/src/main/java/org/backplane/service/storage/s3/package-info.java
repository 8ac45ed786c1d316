/**
 * The {@code s3} storage adapter for Amazon S3 and S3-compatible servers (MinIO,
 * S3Proxy), over the AWS SDK for Java v2. The only package that imports the SDK.
 */
package org.backplane.service.storage.s3;
