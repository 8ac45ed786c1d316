package org.backplane.service.source.zookeeper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.backplane.service.source.RestorePolicy;
import org.backplane.zookeeper.ZooKeeperBackup;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of one {@code zookeeper} component, bound from
 * {@code backplane.components.<name>.*}.
 *
 * @param type the component type, always {@code zookeeper}
 * @param connectString the ZooKeeper servers, e.g. {@code master.mesos:2181} or
 * {@code zk-1:2181,zk-2:2181}; required
 * @param path the subtree to back up, an absolute znode path such as {@code /marathon}
 * ({@code /} by default)
 * @param exclude absolute paths of subtrees left out of backups and left alone by
 * restores, e.g. {@code /marathon/leader}; ephemeral znodes and {@code /zookeeper} are
 * always left out
 * @param sessionTimeout the ZooKeeper session timeout (60 s by default)
 * @param connectionTimeout how long to wait for a connection before failing (15 s by
 * default)
 * @param digest {@code user:password} credentials for ZooKeeper's digest scheme, or none;
 * a secret, never logged or shown
 * @param acl the ACL given to missing parents of the target path that a restore creates,
 * as {@code scheme:id:perms} entries (e.g. {@code world:anyone:cdrwa}, the default)
 * @param tls TLS settings of the client
 * @param restorePolicy what a restore does when the target subtree holds data, used when
 * the restore request names none: {@code fail-if-exists} (the default) refuses,
 * {@code overwrite} deletes the subtree (excluded paths and ephemerals aside) and
 * recreates it
 * @param gzip whether artifacts are gzip-compressed ({@code .tar.gz}, fastest level)
 * rather than plain {@code .tar} (the default: znode data is small, and the plain tar is
 * faster)
 * @param maxInFlight the most ZooKeeper requests outstanding at once (2,000 by default)
 * @param verifyRestore whether a restore counts the restored subtree again afterwards and
 * fails on a mismatch (false by default: every create is acknowledged and the count
 * checked against the artifact's trailer anyway; the recount also catches znodes written
 * by other clients meanwhile, at the cost of one more walk)
 * @param safetyBackup whether an {@code overwrite} restore is preceded by a
 * {@code pre-restore-…} backup of the current subtree (true by default; carried out by
 * the restore runner)
 * @param count how a backup counts its totals before copying: {@code fast} (the default)
 * asks ZooKeeper 3.6+ for the number of znodes in a few requests, with the data bytes
 * unknown (progress goes by znodes) and ephemeral znodes outside the excludes counted in;
 * {@code exact} reads every znode's stat first (one request per znode, roughly a third of
 * the backup's time), for exact znode and byte totals; older servers always count exactly
 */
record ZooKeeperSourceProperties(String type, String connectString, @DefaultValue("/") String path,
		List<String> exclude, @DefaultValue("60s") Duration sessionTimeout,
		@DefaultValue("15s") Duration connectionTimeout, String digest, List<String> acl, @DefaultValue Tls tls,
		@DefaultValue("fail-if-exists") RestorePolicy restorePolicy, @DefaultValue("false") boolean gzip,
		@DefaultValue("2000") int maxInFlight, @DefaultValue("false") boolean verifyRestore,
		@DefaultValue("true") boolean safetyBackup, @DefaultValue("fast") ZooKeeperBackup.CountMode count) {

	/**
	 * The {@code type} value of this source.
	 */
	public static final String TYPE = "zookeeper";

	public ZooKeeperSourceProperties {
		path = (path != null) ? path : "/";
		exclude = (exclude != null) ? Collections.unmodifiableList(new ArrayList<>(exclude)) : List.of();
		acl = (acl != null) ? Collections.unmodifiableList(new ArrayList<>(acl)) : List.of();
		sessionTimeout = (sessionTimeout != null) ? sessionTimeout : Duration.ofSeconds(60);
		connectionTimeout = (connectionTimeout != null) ? connectionTimeout : Duration.ofSeconds(15);
		tls = (tls != null) ? tls : new Tls(false, null, null, null, null, null, null, true);
		restorePolicy = (restorePolicy != null) ? restorePolicy : RestorePolicy.FAIL_IF_EXISTS;
		count = (count != null) ? count : ZooKeeperBackup.CountMode.FAST;
	}

	/**
	 * Properties with the defaults for a connect string and path.
	 * @param connectString the servers
	 * @param path the subtree
	 * @return the properties
	 */
	public static ZooKeeperSourceProperties of(String connectString, String path) {
		return new ZooKeeperSourceProperties(TYPE, connectString, path, null, null, null, null, null, null, null, false,
				2000, false, true, ZooKeeperBackup.CountMode.FAST);
	}

	@Override
	public String toString() {
		return "ZooKeeperSourceProperties[connectString=" + this.connectString + ", path=" + this.path + ", exclude="
				+ this.exclude + ", digest=" + ((this.digest != null) ? "<redacted>" : "none") + ", tls=" + this.tls
				+ ", restorePolicy=" + this.restorePolicy + ", gzip=" + this.gzip + ", count=" + this.count + "]";
	}

	/**
	 * TLS settings of the ZooKeeper client (ZooKeeper's {@code zookeeper.ssl.*} client
	 * settings).
	 *
	 * @param enabled whether to connect with TLS (false by default)
	 * @param keyStore the client key store for mutual TLS, or none
	 * @param keyStorePassword its password; a secret, never logged or shown
	 * @param keyStoreType its type ({@code PKCS12}, {@code JKS}, {@code PEM}); guessed
	 * from the file name when unset
	 * @param trustStore the trust store holding the servers' CA, or none for the JVM's
	 * @param trustStorePassword its password; a secret, never logged or shown
	 * @param trustStoreType its type; guessed from the file name when unset
	 * @param hostnameVerification whether to check the server's host name against its
	 * certificate (true by default)
	 */
	public record Tls(@DefaultValue("false") boolean enabled, String keyStore, String keyStorePassword,
			String keyStoreType, String trustStore, String trustStorePassword, String trustStoreType,
			@DefaultValue("true") boolean hostnameVerification) {

		@Override
		public String toString() {
			return "Tls[enabled=" + this.enabled + ", keyStore=" + this.keyStore + ", trustStore=" + this.trustStore
					+ ", hostnameVerification=" + this.hostnameVerification + "]";
		}

	}

}
