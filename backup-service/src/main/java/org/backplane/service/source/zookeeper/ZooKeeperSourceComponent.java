package org.backplane.service.source.zookeeper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.common.PathUtils;
import org.apache.zookeeper.data.ACL;
import org.backplane.service.source.RestorePolicy;
import org.backplane.service.source.RestoreRefusedException;
import org.backplane.service.source.SourceComponent;
import org.backplane.zookeeper.ZooKeeperBackup;
import org.backplane.zookeeper.ZooKeeperClients;
import org.backplane.zookeeper.ZooKeeperRestore;
import org.backplane.zookeeper.ZooKeeperRestorePolicy;
import org.backplane.zookeeper.ZooKeeperRestoreRefusedException;

/**
 * A ZooKeeper subtree as a source component. Every operation opens its own ZooKeeper
 * session and closes it at the end, so a session expired by an earlier failure never
 * leaks into the next operation. Failures are {@link IOException}s whose message names
 * the component, the servers and the cause (unreachable, connection lost, session
 * expired, not authorized), never the credentials.
 */
class ZooKeeperSourceComponent implements SourceComponent {

	private static final Log logger = LogFactory.getLog(ZooKeeperSourceComponent.class);

	private final String name;

	private final ZooKeeperSourceProperties properties;

	private final String path;

	private final ZooKeeperClients.Settings settings;

	private final List<ACL> parentAcl;

	/**
	 * The largest znode seen by the last exact count or backup, so that the next backup
	 * sizes its read window right away; 0 until then.
	 */
	private volatile int largestData;

	ZooKeeperSourceComponent(String name, ZooKeeperSourceProperties properties, String path,
			ZooKeeperClients.Settings settings, List<ACL> parentAcl) {
		this.name = name;
		this.properties = properties;
		this.path = path;
		this.settings = settings;
		this.parentAcl = parentAcl;
	}

	static String checkPath(String path, String key) {
		String normalized = (path != null && path.length() > 1 && path.endsWith("/"))
				? path.substring(0, path.length() - 1) : path;
		try {
			PathUtils.validatePath(normalized);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					key + " '" + path + "' is not an absolute znode path: " + ex.getMessage());
		}
		return normalized;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public String type() {
		return ZooKeeperSourceProperties.TYPE;
	}

	@Override
	public String artifactExtension() {
		return this.properties.gzip() ? "tar.gz" : "tar";
	}

	@Override
	public RestorePolicy defaultRestorePolicy() {
		return this.properties.restorePolicy();
	}

	/**
	 * Whether an {@link RestorePolicy#OVERWRITE overwrite} restore of this component is
	 * preceded by a normal backup of its current state labelled {@code pre-restore-…}
	 * (carried out by the restore runner), so that a wrong restore can be undone.
	 * @return the {@code safety-backup} setting (true by default)
	 */
	@Override
	public boolean backsUpBeforeOverwrite() {
		return this.properties.safetyBackup();
	}

	@Override
	public String describe() {
		StringBuilder text = new StringBuilder("ZooKeeper subtree ").append(this.path)
			.append(" at ")
			.append(this.settings.connectString());
		if (!this.properties.exclude().isEmpty()) {
			text.append(", excluding ").append(String.join(", ", this.properties.exclude()));
		}
		if (this.properties.digest() != null) {
			text.append(", digest authentication");
		}
		if (this.properties.tls().enabled()) {
			text.append(", TLS");
		}
		return text.toString();
	}

	@Override
	public Totals enumerate() throws IOException {
		try (CuratorFramework client = connect()) {
			ZooKeeperBackup.Census census = ZooKeeperBackup.count(client, this.path, this.properties.exclude(),
					this.properties.count());
			if (!census.exact()) {
				return Totals.ofItems(census.znodes());
			}
			this.largestData = census.largestData();
			return new Totals(census.znodes(), census.dataBytes());
		}
		catch (IOException ex) {
			throw failed("counting", ex);
		}
	}

	@Override
	public void backup(OutputStream out, Progress progress) throws IOException {
		ZooKeeperBackup.Options options = ZooKeeperBackup.Options.of(this.path, this.properties.exclude())
			.withGzip(this.properties.gzip())
			.withMaxInFlight(this.properties.maxInFlight())
			.withExpectedLargestData(this.largestData);
		try (CuratorFramework client = connect()) {
			ZooKeeperBackup.Result result = ZooKeeperBackup.write(client, options, out, progress::advance);
			this.largestData = result.largestData();
			logger.info("ZooKeeper backup written: component=" + this.name + " path=" + this.path + " znodes="
					+ result.znodes() + " dataBytes=" + result.dataBytes() + " ephemeralsSkipped="
					+ result.ephemeralsSkipped() + " vanished=" + result.vanished());
		}
		catch (IOException ex) {
			throw failed("backing up", ex);
		}
	}

	@Override
	public void checkOptions(RestoreOptions options) throws RestoreRefusedException {
		target(options);
	}

	@Override
	public void checkRestore(RestoreOptions options) throws IOException {
		String target = target(options);
		try (CuratorFramework client = connect()) {
			ZooKeeperRestore.check(client, target, policy(options.policy()), excludes(target));
		}
		catch (ZooKeeperRestoreRefusedException ex) {
			throw new RestoreRefusedException(ex.getMessage());
		}
		catch (IOException ex) {
			throw failed("checking the restore target of", ex);
		}
	}

	@Override
	public void restore(InputStream in, RestoreOptions options, Progress progress) throws IOException {
		String target = target(options);
		ZooKeeperRestore.Options restore = ZooKeeperRestore.Options.of(policy(options.policy()))
			.withTargetPath(target)
			.withExcludes(excludes(target))
			.withParentAcl(this.parentAcl)
			.withDigest(this.properties.digest())
			.withVerify(this.properties.verifyRestore());
		try (CuratorFramework client = connect()) {
			ZooKeeperRestore.Result result = ZooKeeperRestore.read(client, in, restore, progress::advance);
			logger.info("ZooKeeper restore done: component=" + this.name + " target=" + result.targetPath() + " znodes="
					+ result.znodes() + " deleted=" + result.deleted() + " updatedExisting="
					+ result.updatedExisting());
		}
		catch (ZooKeeperRestoreRefusedException ex) {
			throw new RestoreRefusedException(ex.getMessage());
		}
		catch (IOException ex) {
			throw failed("restoring", ex);
		}
	}

	private String target(RestoreOptions options) throws RestoreRefusedException {
		if (options.targetPath() == null || options.targetPath().isBlank()) {
			return this.path;
		}
		try {
			return checkPath(options.targetPath(), "targetPath");
		}
		catch (IllegalArgumentException ex) {
			throw new RestoreRefusedException(ex.getMessage());
		}
	}

	/**
	 * The configured excludes, moved from the component's path to the target.
	 * @param target the path the component is restored to
	 * @return each configured exclude as the same path under {@code target} (an exclude
	 * of the component's path itself becomes {@code target})
	 */
	private List<String> excludes(String target) {
		List<String> excludes = new ArrayList<>();
		for (String exclude : this.properties.exclude()) {
			String relative = exclude.equals(this.path) ? ""
					: exclude.substring(this.path.equals("/") ? 1 : this.path.length() + 1);
			excludes.add(relative.isEmpty() ? target : (target.equals("/") ? "/" + relative : target + "/" + relative));
		}
		return excludes;
	}

	private static ZooKeeperRestorePolicy policy(RestorePolicy policy) {
		return (policy == RestorePolicy.OVERWRITE) ? ZooKeeperRestorePolicy.OVERWRITE
				: ZooKeeperRestorePolicy.FAIL_IF_EXISTS;
	}

	private CuratorFramework connect() throws IOException {
		return ZooKeeperClients.connect(this.settings);
	}

	private IOException failed(String action, IOException ex) {
		if (ex instanceof RestoreRefusedException) {
			return ex;
		}
		return new IOException("ZooKeeper component '" + this.name + "' (" + this.settings.connectString() + "): "
				+ action + " " + this.path + " failed: " + ex.getMessage(), ex);
	}

}
