package org.backplane.service.testservers;

import java.net.URI;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.azure.AzuriteContainer;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The servers of {@code -Pcontainers} ({@link TestServers#containers()}), started with
 * Testcontainers: PostgreSQL, MinIO (S3), Azurite and ZooKeeper, each pinned to an image
 * tag. The only class that imports Testcontainers. Every start first checks that a Docker
 * engine answers, and fails with a message saying so when none does.
 */
final class Containers {

	static final String NO_DOCKER = "-Pcontainers runs the integration tests against Testcontainers' servers and "
			+ "needs a Docker engine, and none answers (checked: DOCKER_HOST, the local socket, "
			+ "~/.testcontainers.properties). Start one, or build without -Pcontainers to use the embedded test "
			+ "servers (embedded PostgreSQL, S3Proxy, Azurite from npm, Curator's TestingServer)";

	static final String POSTGRES_IMAGE = "postgres:17.6";

	static final String MINIO_IMAGE = "minio/minio:RELEASE.2023-09-04T19-57-37Z";

	static final String AZURITE_IMAGE = "mcr.microsoft.com/azure-storage/azurite:3.35.0";

	static final String ZOOKEEPER_IMAGE = "zookeeper:3.9.3";

	private Containers() {
	}

	/**
	 * Whether a Docker engine answers.
	 * @return {@code true} when Testcontainers can reach one
	 */
	static boolean dockerAvailable() {
		return DockerClientFactory.instance().isDockerAvailable();
	}

	static void requireDocker() {
		if (!dockerAvailable()) {
			throw new IllegalStateException(NO_DOCKER);
		}
	}

	static Database postgres() {
		requireDocker();
		PostgreSQLContainer container = new PostgreSQLContainer(POSTGRES_IMAGE);
		container.start();
		return new Database(container::stop, container.getJdbcUrl(), container.getUsername(), container.getPassword());
	}

	static Started minio(String accessKey, String secretKey) {
		requireDocker();
		MinIOContainer container = new MinIOContainer(MINIO_IMAGE).withUserName(accessKey).withPassword(secretKey);
		container.start();
		return new Started(container::stop, URI.create(container.getS3URL()));
	}

	static Started azurite() {
		requireDocker();
		AzuriteContainer container = new AzuriteContainer(AZURITE_IMAGE)
			// the Java SDK asks for a newer API version than Azurite knows
			// (TEST-SERVERS.md)
			.withCommand("azurite-blob", "--blobHost", "0.0.0.0", "--skipApiVersionCheck", "--loose",
					"--disableTelemetry");
		container.start();
		return new Started(container::stop, URI.create(
				"http://" + container.getHost() + ":" + container.getMappedPort(10000) + "/" + AzuriteServer.ACCOUNT));
	}

	static Started zookeeper() {
		requireDocker();
		GenericContainer<?> container = new GenericContainer<>(ZOOKEEPER_IMAGE).withExposedPorts(2181)
			.withEnv("ZOO_ADMINSERVER_ENABLED", "false");
		container.start();
		return new Started(container::stop,
				URI.create("zk://" + container.getHost() + ":" + container.getMappedPort(2181)));
	}

	/**
	 * A started container.
	 *
	 * @param stop stops it
	 * @param endpoint where it answers
	 */
	record Started(Runnable stop, URI endpoint) {
	}

	/**
	 * A started PostgreSQL container.
	 *
	 * @param stop stops it
	 * @param url its JDBC URL
	 * @param username the user
	 * @param password the user's password
	 */
	record Database(Runnable stop, String url, String username, String password) {
	}

}
