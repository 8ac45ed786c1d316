package org.backplane.service.source.zookeeper;

import java.util.ArrayList;
import java.util.List;

import org.apache.zookeeper.data.ACL;
import org.backplane.service.source.SourceComponent;
import org.backplane.service.source.SourceComponentFactory;
import org.backplane.zookeeper.ZooKeeperArchive;
import org.backplane.zookeeper.ZooKeeperClients;

/**
 * Builds {@code zookeeper} components. Checks the paths, excludes, ACLs and credentials'
 * shape at start-up; the servers need not be reachable then.
 */
public class ZooKeeperSourceComponentFactory implements SourceComponentFactory<ZooKeeperSourceProperties> {

	@Override
	public String type() {
		return ZooKeeperSourceProperties.TYPE;
	}

	@Override
	public Class<ZooKeeperSourceProperties> propertiesType() {
		return ZooKeeperSourceProperties.class;
	}

	@Override
	public SourceComponent create(String name, ZooKeeperSourceProperties properties) {
		if (properties.connectString() == null || properties.connectString().isBlank()) {
			throw new IllegalArgumentException("connect-string is required, e.g. master.mesos:2181");
		}
		String path = ZooKeeperSourceComponent.checkPath(properties.path(), "path");
		for (String exclude : properties.exclude()) {
			ZooKeeperSourceComponent.checkPath(exclude, "exclude");
			if (!exclude.equals(path) && !exclude.startsWith(path.equals("/") ? "/" : path + "/")) {
				throw new IllegalArgumentException("exclude " + exclude + " is not below path " + path);
			}
		}
		if (properties.digest() != null && properties.digest().indexOf(':') <= 0) {
			throw new IllegalArgumentException("digest must be 'user:password'");
		}
		if (properties.maxInFlight() < 1) {
			throw new IllegalArgumentException("max-in-flight must be at least 1");
		}
		List<ACL> acl = new ArrayList<>();
		for (String entry : properties.acl()) {
			try {
				acl.add(ZooKeeperArchive.parseAcl(entry));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("acl: " + ex.getMessage(), ex);
			}
		}
		ZooKeeperSourceProperties.Tls tls = properties.tls();
		ZooKeeperClients.Settings settings = new ZooKeeperClients.Settings(properties.connectString(),
				properties.sessionTimeout(), properties.connectionTimeout(), properties.digest(),
				new ZooKeeperClients.Tls(tls.enabled(), tls.keyStore(), tls.keyStorePassword(), tls.keyStoreType(),
						tls.trustStore(), tls.trustStorePassword(), tls.trustStoreType(), tls.hostnameVerification()));
		return new ZooKeeperSourceComponent(name, properties, path, settings, acl);
	}

}
