package org.backplane.zookeeper;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.common.ClientX509Util;
import org.apache.zookeeper.common.ZKConfig;

/**
 * Builds and connects Curator clients from {@link Settings}: connect string, timeouts,
 * digest credentials and TLS.
 */
public final class ZooKeeperClients {

	private ZooKeeperClients() {
	}

	/**
	 * Creates, starts and connects a client. The caller closes it.
	 * @param settings how to connect
	 * @return a connected client
	 * @throws IOException if no connection is made within the connection timeout; the
	 * message names the connect string (never the credentials)
	 */
	public static CuratorFramework connect(Settings settings) throws IOException {
		CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder()
			.connectString(settings.connectString())
			.sessionTimeoutMs(millis(settings.sessionTimeout()))
			.connectionTimeoutMs(millis(settings.connectionTimeout()))
			.retryPolicy(new RetryNTimes(3, 500))
			// keep the configured connect string: no rewriting from /zookeeper/config, no
			// watcher on it
			.ensembleTracker(false)
			.zkClientConfig(clientConfig(settings.tls()));
		if (settings.digest() != null && !settings.digest().isEmpty()) {
			builder.authorization("digest", settings.digest().getBytes(StandardCharsets.UTF_8));
		}
		CuratorFramework client = builder.build();
		client.start();
		try {
			if (!client.blockUntilConnected(millis(settings.connectionTimeout()), TimeUnit.MILLISECONDS)) {
				client.close();
				throw new IOException("Cannot connect to ZooKeeper at " + settings.connectString() + " within "
						+ settings.connectionTimeout().toMillis() + " ms: check the connect string and that the servers"
						+ " are up" + ((settings.tls() != null && settings.tls().enabled()) ? " and speak TLS" : ""));
			}
		}
		catch (InterruptedException ex) {
			client.close();
			Thread.currentThread().interrupt();
			throw new InterruptedIOException(
					"Interrupted while connecting to ZooKeeper at " + settings.connectString());
		}
		return client;
	}

	/**
	 * The client's current ZooKeeper handle, for the asynchronous API.
	 * @param client a started client
	 * @return the handle
	 * @throws IOException if the client has no connection
	 */
	static ZooKeeper zooKeeper(CuratorFramework client) throws IOException {
		try {
			if (!client.getZookeeperClient().isConnected()) {
				client.getZookeeperClient().blockUntilConnectedOrTimedOut();
			}
			return client.getZookeeperClient().getZooKeeper();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted while connecting to ZooKeeper");
		}
		catch (Exception ex) {
			throw new IOException("Cannot use the ZooKeeper connection to "
					+ client.getZookeeperClient().getCurrentConnectionString() + ": " + ex.getMessage(), ex);
		}
	}

	private static ZKClientConfig clientConfig(Tls tls) {
		ZKClientConfig config = new ZKClientConfig();
		if (System.getProperty(ZKConfig.JUTE_MAXBUFFER) == null) {
			// accept answers up to 16 MiB: servers may run with a larger jute.maxbuffer
			// than the client's 1 MiB default, and a backup must be able to read every
			// znode they hold
			config.setProperty(ZKConfig.JUTE_MAXBUFFER, Integer.toString(16 * 1024 * 1024));
		}
		if (tls != null && tls.enabled()) {
			try (ClientX509Util x509 = new ClientX509Util()) {
				config.setProperty(ZKClientConfig.SECURE_CLIENT, "true");
				config.setProperty(ZKClientConfig.ZOOKEEPER_CLIENT_CNXN_SOCKET,
						"org.apache.zookeeper.ClientCnxnSocketNetty");
				set(config, x509.getSslKeystoreLocationProperty(), tls.keyStoreLocation());
				set(config, x509.getSslKeystorePasswdProperty(), tls.keyStorePassword());
				set(config, x509.getSslKeystoreTypeProperty(), tls.keyStoreType());
				set(config, x509.getSslTruststoreLocationProperty(), tls.trustStoreLocation());
				set(config, x509.getSslTruststorePasswdProperty(), tls.trustStorePassword());
				set(config, x509.getSslTruststoreTypeProperty(), tls.trustStoreType());
				config.setProperty(x509.getSslHostnameVerificationEnabledProperty(),
						Boolean.toString(tls.hostnameVerification()));
			}
		}
		return config;
	}

	private static void set(ZKClientConfig config, String key, String value) {
		if (value != null && !value.isEmpty()) {
			config.setProperty(key, value);
		}
	}

	private static int millis(Duration duration) {
		return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
	}

	/**
	 * How to connect to ZooKeeper.
	 *
	 * @param connectString the servers, e.g. {@code zk-1.zk:2181,zk-2.zk:2181}
	 * @param sessionTimeout the session timeout asked of the server (default 60 s)
	 * @param connectionTimeout how long to wait for a connection (default 15 s)
	 * @param digest {@code user:password} for ZooKeeper's digest scheme, or {@code null};
	 * a secret, never shown
	 * @param tls TLS settings, or {@code null} for a plain connection
	 */
	public record Settings(String connectString, Duration sessionTimeout, Duration connectionTimeout, String digest,
			Tls tls) {

		public Settings {
			if (connectString == null || connectString.isBlank()) {
				throw new IllegalArgumentException(
						"The ZooKeeper connect string must not be empty: use host:port[,host:port…]");
			}
			sessionTimeout = (sessionTimeout != null) ? sessionTimeout : Duration.ofSeconds(60);
			connectionTimeout = (connectionTimeout != null) ? connectionTimeout : Duration.ofSeconds(15);
			if (digest != null && !digest.isEmpty() && digest.indexOf(':') <= 0) {
				throw new IllegalArgumentException("The ZooKeeper digest credentials must be 'user:password'");
			}
		}

		/**
		 * Plain connection, default timeouts, no credentials.
		 * @param connectString the servers
		 * @return the settings
		 */
		public static Settings of(String connectString) {
			return new Settings(connectString, null, null, null, null);
		}

		@Override
		public String toString() {
			return "Settings[connectString=" + this.connectString + ", sessionTimeout=" + this.sessionTimeout
					+ ", connectionTimeout=" + this.connectionTimeout + ", digest="
					+ ((this.digest != null) ? "<redacted>" : "none") + ", tls=" + this.tls + "]";
		}

	}

	/**
	 * TLS settings of the client (ZooKeeper's {@code zookeeper.ssl.*} client properties;
	 * Netty transport).
	 *
	 * @param enabled whether to connect with TLS
	 * @param keyStoreLocation the client key store (for mutual TLS), or {@code null}
	 * @param keyStorePassword its password; a secret, never shown
	 * @param keyStoreType its type ({@code PKCS12}, {@code JKS}, {@code PEM}), or
	 * {@code null} to guess from the file name
	 * @param trustStoreLocation the trust store with the servers' CA, or {@code null} for
	 * the JVM's
	 * @param trustStorePassword its password; a secret, never shown
	 * @param trustStoreType its type, or {@code null} to guess from the file name
	 * @param hostnameVerification whether to check the server's host name against its
	 * certificate
	 */
	public record Tls(boolean enabled, String keyStoreLocation, String keyStorePassword, String keyStoreType,
			String trustStoreLocation, String trustStorePassword, String trustStoreType, boolean hostnameVerification) {

		@Override
		public String toString() {
			return "Tls[enabled=" + this.enabled + ", keyStore=" + this.keyStoreLocation + ", trustStore="
					+ this.trustStoreLocation + ", hostnameVerification=" + this.hostnameVerification + "]";
		}

	}

}
