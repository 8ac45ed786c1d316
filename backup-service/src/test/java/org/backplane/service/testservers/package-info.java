/**
 * Real servers for integration tests, each started as its own process on a free loopback
 * port by a JUnit extension and stopped by its own PID when the test run ends: S3Proxy
 * (S3) and Azurite (Azure Blob). A server that cannot start fails the tests; nothing is
 * skipped.
 */
package org.backplane.service.testservers;
