/**
 * Real servers for integration tests, each started as its own process on a free loopback
 * port by a JUnit extension and stopped by its own PID when the test run ends: S3Proxy
 * (S3), Azurite (Azure Blob) and, per test class, ZooKeeper; under {@code -Pcontainers}
 * ({@link org.backplane.service.testservers.TestServers#containers()}) MinIO, Azurite,
 * ZooKeeper and PostgreSQL containers instead. A server that cannot start fails the
 * tests; nothing is skipped.
 */
package org.backplane.service.testservers;
