package org.backplane.zookeeper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs.Perms;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.data.Stat;

/**
 * The ZooKeeper tar format, version 1. A plain POSIX (PAX) tar, optionally
 * gzip-compressed, holding in order:
 * <ol>
 * <li>{@value #HEADER}: {@code key=value} lines ({@code format}, {@code format-version},
 * {@code path}, {@code exclude}…, {@code created});</li>
 * <li>for every znode, parents before children: {@code znodes/<relative path>/.meta} (a
 * {@code key=value} text record: {@code path}, {@code mode}, {@code ttl}, {@code data},
 * {@code data-length}, {@code acl}… and the stat fields) then, unless the node's data is
 * {@code null}, {@code znodes/<relative path>/.data} holding the exact data bytes
 * (possibly none);</li>
 * <li>{@value #TRAILER}: {@code znodes} and {@code data-bytes} totals; an archive without
 * it is truncated.</li>
 * </ol>
 * The root's own entries are {@code znodes/.meta} and {@code znodes/.data}. Each path
 * component is the znode's name in UTF-8 (PAX headers carry non-ASCII and long names),
 * except that a name starting with {@code .} gets one more {@code .} in front, so that
 * {@code .meta} and {@code .data} can never clash with a child's name. Extracting with
 * {@code tar xf} gives one directory per znode.
 */
public final class ZooKeeperArchive {

	/** The first entry's name. */
	public static final String HEADER = "zookeeper-backup.txt";

	/** The last entry's name. */
	public static final String TRAILER = "zookeeper-backup-end.txt";

	/** The directory holding one subdirectory per znode. */
	public static final String ZNODES = "znodes/";

	/** The name of a znode's metadata record within its directory. */
	public static final String META = ".meta";

	/** The name of a znode's data within its directory. */
	public static final String DATA = ".data";

	/** The value of the header's {@code format} key. */
	public static final String FORMAT = "backplane-zookeeper";

	/** The format version written, and the only one read. */
	public static final int VERSION = 1;

	private ZooKeeperArchive() {
	}

	/**
	 * The directory of a znode's entries, ending with {@code /}.
	 * @param relativePath the path below the backup root, empty for the root
	 * @return e.g. {@code znodes/apps/..hidden/}
	 */
	static String directory(String relativePath) {
		if (relativePath.isEmpty()) {
			return ZNODES;
		}
		StringBuilder name = new StringBuilder(ZNODES.length() + relativePath.length() + 8).append(ZNODES);
		int start = 0;
		while (start <= relativePath.length()) {
			int end = relativePath.indexOf('/', start);
			if (end < 0) {
				end = relativePath.length();
			}
			if (relativePath.charAt(start) == '.') {
				name.append('.');
			}
			name.append(relativePath, start, end).append('/');
			start = end + 1;
		}
		return name.toString();
	}

	/**
	 * The relative znode path of an entry in the {@code znodes/} tree.
	 * @param entryDirectory the entry's name without its {@code .meta}/{@code .data} file
	 * name
	 * @return the relative path
	 * @throws IOException if the name is not one this format writes
	 */
	static String relativePath(String entryDirectory) throws IOException {
		if (!entryDirectory.startsWith(ZNODES) || !entryDirectory.endsWith("/")) {
			throw new IOException("Malformed ZooKeeper archive: unexpected entry '" + entryDirectory + "'");
		}
		if (entryDirectory.equals(ZNODES)) {
			return "";
		}
		String rest = entryDirectory.substring(ZNODES.length(), entryDirectory.length() - 1);
		StringBuilder path = new StringBuilder(rest.length());
		for (String component : rest.split("/", -1)) {
			String name = component.startsWith(".") ? component.substring(1) : component;
			if (name.isEmpty() || name.equals(".") || name.equals("..")) {
				throw new IOException(
						"Malformed ZooKeeper archive: illegal znode name in entry '" + entryDirectory + "'");
			}
			if (path.length() > 0) {
				path.append('/');
			}
			path.append(name);
		}
		return path.toString();
	}

	static byte[] header(String path, List<String> excludes, String created) {
		StringBuilder text = new StringBuilder();
		line(text, "format", FORMAT);
		line(text, "format-version", Integer.toString(VERSION));
		line(text, "path", path);
		for (String exclude : excludes) {
			line(text, "exclude", exclude);
		}
		line(text, "created", created);
		return text.toString().getBytes(StandardCharsets.UTF_8);
	}

	static byte[] trailer(long znodes, long dataBytes) {
		StringBuilder text = new StringBuilder();
		line(text, "znodes", Long.toString(znodes));
		line(text, "data-bytes", Long.toString(dataBytes));
		return text.toString().getBytes(StandardCharsets.UTF_8);
	}

	static byte[] meta(ZnodeRecord node) {
		StringBuilder text = new StringBuilder(256);
		line(text, "path", node.sourcePath());
		line(text, "mode", modeName(node.mode()));
		if (node.mode() == CreateMode.PERSISTENT_WITH_TTL) {
			line(text, "ttl", Long.toString(node.ttl()));
		}
		line(text, "data", node.hasData() ? "present" : "null");
		line(text, "data-length", Integer.toString(node.dataLength()));
		for (ACL acl : node.acl()) {
			line(text, "acl", permissions(acl.getPerms()) + " " + acl.getId().getScheme() + ":" + acl.getId().getId());
		}
		Stat stat = node.stat();
		line(text, "czxid", Long.toString(stat.getCzxid()));
		line(text, "mzxid", Long.toString(stat.getMzxid()));
		line(text, "pzxid", Long.toString(stat.getPzxid()));
		line(text, "ctime", Long.toString(stat.getCtime()));
		line(text, "mtime", Long.toString(stat.getMtime()));
		line(text, "version", Integer.toString(stat.getVersion()));
		line(text, "cversion", Integer.toString(stat.getCversion()));
		line(text, "aversion", Integer.toString(stat.getAversion()));
		line(text, "ephemeral-owner", Long.toString(stat.getEphemeralOwner()));
		line(text, "num-children", Integer.toString(stat.getNumChildren()));
		return text.toString().getBytes(StandardCharsets.UTF_8);
	}

	static ZnodeRecord parseMeta(String relativePath, byte[] bytes) throws IOException {
		Map<String, List<String>> values = parse(bytes);
		try {
			String mode = single(values, "mode");
			CreateMode createMode = switch (mode) {
				case "persistent" -> CreateMode.PERSISTENT;
				case "container" -> CreateMode.CONTAINER;
				case "ttl" -> CreateMode.PERSISTENT_WITH_TTL;
				default -> throw new IOException("unknown mode '" + mode + "'");
			};
			long ttl = (createMode == CreateMode.PERSISTENT_WITH_TTL) ? Long.parseLong(single(values, "ttl")) : 0;
			String data = single(values, "data");
			if (!data.equals("present") && !data.equals("null")) {
				throw new IOException("data must be 'present' or 'null'");
			}
			List<ACL> acls = new ArrayList<>();
			for (String acl : values.getOrDefault("acl", List.of())) {
				acls.add(parseAcl(acl));
			}
			if (acls.isEmpty()) {
				throw new IOException("no acl");
			}
			Stat stat = new Stat();
			stat.setCzxid(optionalLong(values, "czxid"));
			stat.setMzxid(optionalLong(values, "mzxid"));
			stat.setPzxid(optionalLong(values, "pzxid"));
			stat.setCtime(optionalLong(values, "ctime"));
			stat.setMtime(optionalLong(values, "mtime"));
			stat.setVersion((int) optionalLong(values, "version"));
			stat.setCversion((int) optionalLong(values, "cversion"));
			stat.setAversion((int) optionalLong(values, "aversion"));
			stat.setEphemeralOwner(optionalLong(values, "ephemeral-owner"));
			stat.setNumChildren((int) optionalLong(values, "num-children"));
			int dataLength = Integer.parseInt(single(values, "data-length"));
			stat.setDataLength(dataLength);
			String path = values.containsKey("path") ? single(values, "path") : null;
			// ZooKeeper.create calls acl.contains(null), which immutable lists reject:
			// keep a mutable list
			return new ZnodeRecord(relativePath, path, createMode, ttl, acls, data.equals("present"), dataLength, stat);
		}
		catch (IOException | RuntimeException ex) {
			throw new IOException("Malformed ZooKeeper archive: bad metadata record of znode '" + relativePath + "': "
					+ ex.getMessage(), ex);
		}
	}

	static Map<String, List<String>> parse(byte[] bytes) {
		Map<String, List<String>> values = new LinkedHashMap<>();
		for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
			int equals = line.indexOf('=');
			if (equals > 0) {
				values.computeIfAbsent(line.substring(0, equals), (key) -> new ArrayList<>())
					.add(line.substring(equals + 1));
			}
		}
		return values;
	}

	static String single(Map<String, List<String>> values, String key) throws IOException {
		List<String> list = values.get(key);
		if (list == null || list.size() != 1) {
			throw new IOException("expected exactly one '" + key + "'");
		}
		return list.get(0);
	}

	private static long optionalLong(Map<String, List<String>> values, String key) throws IOException {
		return values.containsKey(key) ? Long.parseLong(single(values, key)) : 0;
	}

	static String modeName(CreateMode mode) {
		return switch (mode) {
			case CONTAINER -> "container";
			case PERSISTENT_WITH_TTL -> "ttl";
			default -> "persistent";
		};
	}

	/**
	 * Formats permissions as ZooKeeper's CLI does, in the order {@code cdrwa}.
	 * @param perms the permission bits
	 * @return e.g. {@code cdrwa} or {@code r}
	 */
	static String permissions(int perms) {
		StringBuilder text = new StringBuilder(5);
		if ((perms & Perms.CREATE) != 0) {
			text.append('c');
		}
		if ((perms & Perms.DELETE) != 0) {
			text.append('d');
		}
		if ((perms & Perms.READ) != 0) {
			text.append('r');
		}
		if ((perms & Perms.WRITE) != 0) {
			text.append('w');
		}
		if ((perms & Perms.ADMIN) != 0) {
			text.append('a');
		}
		return text.toString();
	}

	/**
	 * Parses an ACL entry written as {@code <perms> <scheme>:<id>} (for example
	 * {@code cdrwa world:anyone}), or as ZooKeeper's CLI writes it,
	 * {@code <scheme>:<id>:<perms>}.
	 * @param text the entry
	 * @return the ACL
	 * @throws IllegalArgumentException if it is malformed
	 */
	public static ACL parseAcl(String text) {
		String perms;
		String schemeAndId;
		int space = text.indexOf(' ');
		if (space >= 0) {
			perms = text.substring(0, space);
			schemeAndId = text.substring(space + 1);
		}
		else {
			int last = text.lastIndexOf(':');
			if (last < 0) {
				throw new IllegalArgumentException("ACL '" + text + "' is not '<scheme>:<id>:<perms>'");
			}
			perms = text.substring(last + 1);
			schemeAndId = text.substring(0, last);
		}
		int colon = schemeAndId.indexOf(':');
		if (colon <= 0) {
			throw new IllegalArgumentException("ACL '" + text + "' has no '<scheme>:<id>'");
		}
		int bits = 0;
		for (char c : perms.toCharArray()) {
			bits |= switch (c) {
				case 'c' -> Perms.CREATE;
				case 'd' -> Perms.DELETE;
				case 'r' -> Perms.READ;
				case 'w' -> Perms.WRITE;
				case 'a' -> Perms.ADMIN;
				default -> throw new IllegalArgumentException(
						"ACL '" + text + "' has unknown permission '" + c + "': use the letters cdrwa");
			};
		}
		return new ACL(bits, new Id(schemeAndId.substring(0, colon), schemeAndId.substring(colon + 1)));
	}

	private static void line(StringBuilder text, String key, String value) {
		text.append(key).append('=').append(value).append('\n');
	}

	static byte[] readFully(java.io.InputStream in, int length) throws IOException {
		byte[] bytes = in.readNBytes(length);
		if (bytes.length != length) {
			throw new IOException("Malformed ZooKeeper archive: entry shorter than its header says");
		}
		return bytes;
	}

	static byte[] readSmall(java.io.InputStream in, long size) throws IOException {
		if (size > 1024 * 1024) {
			throw new IOException("Malformed ZooKeeper archive: text entry of " + size + " bytes");
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream((int) size);
		in.transferTo(out);
		return out.toByteArray();
	}

}
