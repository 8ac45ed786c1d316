package org.backplane.zookeeper;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.common.PathUtils;

/**
 * Path arithmetic and exclusion matching. An excluded path covers itself and everything
 * below it; {@code /zookeeper} (the server's own quota and config tree) is always
 * excluded.
 */
final class ZnodePaths {

	static final String SYSTEM = "/zookeeper";

	private final List<String> excludes;

	private ZnodePaths(List<String> excludes) {
		this.excludes = excludes;
	}

	/**
	 * Builds the exclusion matcher.
	 * @param excludes absolute paths; {@code null} for none
	 * @return the matcher (always excluding {@code /zookeeper})
	 * @throws IllegalArgumentException if a path is not a valid absolute znode path
	 */
	static ZnodePaths excluding(Collection<String> excludes) {
		List<String> list = new ArrayList<>();
		list.add(SYSTEM);
		if (excludes != null) {
			for (String exclude : excludes) {
				String path = normalize(exclude, "exclude");
				if (!list.contains(path)) {
					list.add(path);
				}
			}
		}
		return new ZnodePaths(List.copyOf(list));
	}

	/**
	 * @return the excluded paths, {@code /zookeeper} first
	 */
	List<String> excludes() {
		return this.excludes;
	}

	boolean isExcluded(String path) {
		for (String exclude : this.excludes) {
			if (covers(exclude, path)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * @param ancestor an absolute path
	 * @param path an absolute path
	 * @return whether {@code path} is {@code ancestor} or lies below it
	 */
	static boolean covers(String ancestor, String path) {
		return path.startsWith(ancestor) && (path.length() == ancestor.length() || path.charAt(ancestor.length()) == '/'
				|| ancestor.equals("/"));
	}

	/**
	 * Checks and normalizes an absolute znode path (a trailing {@code /} is dropped).
	 * @param path the path
	 * @param what what the path is, for the message
	 * @return the path
	 * @throws IllegalArgumentException if it is not a valid absolute path
	 */
	static String normalize(String path, String what) {
		if (path == null || path.isBlank()) {
			throw new IllegalArgumentException(
					"The " + what + " path must not be empty: use an absolute path such as /marathon");
		}
		String normalized = (path.length() > 1 && path.endsWith("/")) ? path.substring(0, path.length() - 1) : path;
		try {
			PathUtils.validatePath(normalized);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Invalid " + what + " path '" + path + "': " + ex.getMessage(), ex);
		}
		return normalized;
	}

	static String child(String parent, String name) {
		return parent.equals("/") ? "/" + name : parent + "/" + name;
	}

	static String relative(String root, String path) {
		if (path.equals(root)) {
			return "";
		}
		return root.equals("/") ? path.substring(1) : path.substring(root.length() + 1);
	}

	static String resolve(String root, String relativePath) {
		return relativePath.isEmpty() ? root : child(root, relativePath);
	}

	static String parent(String path) {
		int slash = path.lastIndexOf('/');
		return (slash <= 0) ? "/" : path.substring(0, slash);
	}

	/**
	 * Turns a ZooKeeper error into an IOException whose message names the cause in words.
	 * @param code the result code
	 * @param action what was being done, e.g. {@code reading}
	 * @param path the znode
	 * @return the exception
	 */
	static ZooKeeperException failure(KeeperException.Code code, String action, String path) {
		KeeperException cause = KeeperException.create(code, path);
		String reason = switch (code) {
			case CONNECTIONLOSS -> "lost the connection to ZooKeeper (server unreachable or stopped)";
			case SESSIONEXPIRED ->
				"the ZooKeeper session expired (server unreachable for longer than the session timeout)";
			case NOAUTH -> "not authorized (NOAUTH): check the digest credentials and the znode's ACL";
			case AUTHFAILED -> "authentication failed (AUTHFAILED): check the credentials";
			case OPERATIONTIMEOUT -> "the ZooKeeper request timed out";
			case NONODE -> "the znode does not exist";
			case NOTEMPTY -> "the znode got new children meanwhile: stop the writers (for example Marathon) and retry";
			case UNIMPLEMENTED ->
				"the server does not support this (TTL nodes need zookeeper.extendedTypesEnabled=true)";
			default -> "ZooKeeper answered " + code;
		};
		return new ZooKeeperException(code, "ZooKeeper " + action + " " + path + " failed: " + reason, cause);
	}

}
