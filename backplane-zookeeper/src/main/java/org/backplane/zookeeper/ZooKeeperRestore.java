package org.backplane.zookeeper;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a ZooKeeper subtree from an archive written by {@link ZooKeeperBackup} (plain
 * or gzip-compressed, detected). The archive is streamed: znodes are created as they are
 * read, parents before children, with many creates in flight; memory stays bounded
 * whatever the archive's size.
 * <p>
 * Excluded subtrees are never touched: those named in the archive's header (mapped from
 * the backup's root to the target), those in {@link Options#excludes()}, and
 * {@code /zookeeper}. Ephemeral znodes in the target are left alone too.
 */
public final class ZooKeeperRestore {

	private static final Logger logger = LoggerFactory.getLogger(ZooKeeperRestore.class);

	/**
	 * The largest data entry accepted (ZooKeeper's own limit, {@code jute.maxbuffer}, is
	 * ~1 MiB by default).
	 */
	static final int MAX_DATA = 64 * 1024 * 1024;

	private ZooKeeperRestore() {
	}

	/**
	 * Checks, without changing anything, whether a restore into {@code targetPath} may
	 * start under {@code policy}: with {@link ZooKeeperRestorePolicy#FAIL_IF_EXISTS} the
	 * target must not hold data (it may be missing, or hold only empty data, excluded
	 * children and ephemeral children).
	 * @param client a started client
	 * @param targetPath the absolute path the subtree would be restored to
	 * @param policy the policy
	 * @param excludes absolute paths under the target that the restore leaves alone; may
	 * be {@code null}
	 * @throws ZooKeeperRestoreRefusedException if the restore must not start
	 * @throws ZooKeeperException if the target cannot be inspected
	 * @throws IOException if the client cannot be used
	 */
	public static void check(CuratorFramework client, String targetPath, ZooKeeperRestorePolicy policy,
			Collection<String> excludes) throws IOException {
		String target = ZnodePaths.normalize(targetPath, "target");
		check(ZooKeeperClients.zooKeeper(client), target, policy, ZnodePaths.excluding(excludes));
	}

	private static void check(ZooKeeper zk, String target, ZooKeeperRestorePolicy policy, ZnodePaths paths)
			throws IOException {
		if (paths.isExcluded(target)) {
			throw new ZooKeeperRestoreRefusedException("Cannot restore into " + target + ": the path is excluded");
		}
		if (policy == ZooKeeperRestorePolicy.FAIL_IF_EXISTS && holdsData(zk, target, paths)) {
			throw new ZooKeeperRestoreRefusedException("Refusing to restore into " + target
					+ ": it already holds data and the restore policy is fail-if-exists; restore with policy overwrite"
					+ " (which replaces the subtree) or into another target path");
		}
	}

	/**
	 * Restores an archive.
	 * @param client a started client
	 * @param in the archive; read to its end, not closed
	 * @param options policy, target and limits
	 * @param progress told about every znode restored; may be {@code null}
	 * @return what was restored
	 * @throws ZooKeeperRestoreRefusedException if the policy forbids the restore (nothing
	 * was changed)
	 * @throws ZooKeeperException if a request fails; the message names the znode and
	 * cause
	 * @throws IOException if the archive is malformed or truncated (then the target may
	 * be partly restored)
	 */
	public static Result read(CuratorFramework client, InputStream in, Options options, ZooKeeperProgress progress)
			throws IOException {
		Objects.requireNonNull(in, "in");
		long start = System.nanoTime();
		ZooKeeper zk = ZooKeeperClients.zooKeeper(client);
		BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
		InputStream content = buffered;
		buffered.mark(2);
		int first = buffered.read();
		int second = buffered.read();
		buffered.reset();
		if (first == 0x1f && second == 0x8b) {
			content = new GZIPInputStream(buffered, 64 * 1024);
		}
		TarArchiveInputStream tar = new TarArchiveInputStream(content, StandardCharsets.UTF_8.name());
		TarArchiveEntry entry = tar.getNextEntry();
		if (entry == null || !entry.getName().equals(ZooKeeperArchive.HEADER)) {
			throw new IOException("Not a ZooKeeper backup: the archive does not start with " + ZooKeeperArchive.HEADER);
		}
		Map<String, List<String>> header = ZooKeeperArchive.parse(ZooKeeperArchive.readSmall(tar, entry.getSize()));
		if (!ZooKeeperArchive.FORMAT.equals(header.getOrDefault("format", List.of("")).get(0))
				|| !Integer.toString(ZooKeeperArchive.VERSION)
					.equals(header.getOrDefault("format-version", List.of("")).get(0))) {
			throw new IOException("Unsupported ZooKeeper backup format " + header.get("format") + " version "
					+ header.get("format-version") + ": this reader knows " + ZooKeeperArchive.FORMAT + " version "
					+ ZooKeeperArchive.VERSION);
		}
		String source = ZnodePaths.normalize(ZooKeeperArchive.single(header, "path"), "backed-up");
		String target = (options.targetPath() != null) ? options.targetPath() : source;
		List<String> excludes = new ArrayList<>(options.excludes());
		for (String exclude : header.getOrDefault("exclude", List.of())) {
			if (!exclude.equals(ZnodePaths.SYSTEM)
					&& (exclude.equals(source) || exclude.startsWith(source.equals("/") ? "/" : source + "/"))) {
				excludes.add(ZnodePaths.resolve(target, ZnodePaths.relative(source, exclude)));
			}
		}
		ZnodePaths paths = ZnodePaths.excluding(excludes);
		check(zk, target, options.policy(), paths);
		long kept = 0;
		long deleted = 0;
		AclRules rules = new AclRules(options.digest());
		Map<String, List<ACL>> opened = new HashMap<>();
		// what may exist when the creates start: everything else is created in batches
		Set<String> mayExist = new HashSet<>();
		mayExist.add(target);
		if (options.policy() == ZooKeeperRestorePolicy.OVERWRITE) {
			EraseWalk erase = new EraseWalk(zk, paths, rules, options.maxInFlight());
			erase.run(target);
			kept = erase.kept;
			deleted = erase.deleted;
			opened.putAll(erase.opened);
			mayExist.addAll(erase.keptPaths);
		}
		else {
			List<ACL> acl = aclIfExists(zk, target);
			if (acl != null) {
				kept = 1;
				if (!rules.grantsCreate(acl)) {
					openAcl(zk, target, rules);
					opened.put(target, acl);
				}
			}
		}
		createAncestors(zk, target, options.parentAcl());
		RestoreRun run = new RestoreRun(zk, paths, target, options.maxInFlight(), options.maxBytesInFlight(),
				(progress != null) ? progress : ZooKeeperProgress.NONE, rules, opened,
				options.batchCreates() ? mayExist : null);
		long records = 0;
		Map<String, List<String>> trailer = null;
		ZnodeRecord pending = null;
		while ((entry = tar.getNextEntry()) != null) {
			String name = entry.getName();
			if (pending != null) {
				String expected = ZooKeeperArchive.directory(pending.relativePath()) + ZooKeeperArchive.DATA;
				if (!name.equals(expected)) {
					throw new IOException("Malformed ZooKeeper archive: expected " + expected + " but found " + name);
				}
				if (entry.getSize() != pending.dataLength() || entry.getSize() > MAX_DATA) {
					throw new IOException("Malformed ZooKeeper archive: " + name + " holds " + entry.getSize()
							+ " bytes but its metadata says " + pending.dataLength());
				}
				run.create(pending, ZooKeeperArchive.readFully(tar, (int) entry.getSize()));
				pending = null;
			}
			else if (name.endsWith("/" + ZooKeeperArchive.META)) {
				String relative = ZooKeeperArchive
					.relativePath(name.substring(0, name.length() - ZooKeeperArchive.META.length()));
				ZnodeRecord node = ZooKeeperArchive.parseMeta(relative,
						ZooKeeperArchive.readSmall(tar, entry.getSize()));
				records++;
				if (node.hasData()) {
					pending = node;
				}
				else {
					run.create(node, null);
				}
			}
			else if (name.equals(ZooKeeperArchive.TRAILER)) {
				trailer = ZooKeeperArchive.parse(ZooKeeperArchive.readSmall(tar, entry.getSize()));
				break;
			}
			else {
				throw new IOException("Malformed ZooKeeper archive: unexpected entry " + name);
			}
		}
		if (pending != null || trailer == null) {
			run.finish();
			throw new IOException("Truncated ZooKeeper archive: it ends without " + ZooKeeperArchive.TRAILER + " after "
					+ records + " znodes; the target " + target + " is partly restored");
		}
		long expectedRecords = Long.parseLong(ZooKeeperArchive.single(trailer, "znodes"));
		if (expectedRecords != records) {
			run.finish();
			throw new IOException("Malformed ZooKeeper archive: its trailer counts " + expectedRecords
					+ " znodes but it holds " + records);
		}
		run.finish();
		// read to the end, so that a digest computed around the caller's stream sees
		// every byte
		content.transferTo(OutputStream.nullOutputStream());
		buffered.transferTo(OutputStream.nullOutputStream());
		long restored = run.created + run.updated;
		if (restored + run.skippedExcluded != records) {
			throw new IOException("ZooKeeper restore into " + target + " is incomplete: " + records
					+ " znodes in the archive, " + restored + " restored, " + run.skippedExcluded + " excluded");
		}
		if (options.verify()) {
			long expected = restored + Math.max(0, kept - run.updated);
			CountWalk count = new CountWalk(zk, paths, target, options.maxInFlight());
			count.run(target);
			if (count.znodes != expected) {
				throw new IOException("ZooKeeper restore into " + target + " failed verification: expected " + expected
						+ " znodes (excluded and ephemeral ones aside) but found " + count.znodes
						+ "; did another client write meanwhile?");
			}
		}
		Result result = new Result(target, restored, run.dataBytes, run.updated, run.skippedExcluded, deleted,
				run.batches);
		logger.debug("ZooKeeper restore done: target={} znodes={} dataBytes={} updated={} deleted={} ms={}", target,
				result.znodes(), result.dataBytes(), result.updatedExisting(), result.deleted(),
				(System.nanoTime() - start) / 1_000_000);
		return result;
	}

	private static boolean holdsData(ZooKeeper zk, String target, ZnodePaths paths) throws IOException {
		try {
			Stat stat = new Stat();
			List<String> children;
			try {
				children = zk.getChildren(target, false, stat);
			}
			catch (KeeperException.NoNodeException ex) {
				return false;
			}
			if (stat.getDataLength() > 0) {
				return true;
			}
			for (String child : children) {
				String path = ZnodePaths.child(target, child);
				if (paths.isExcluded(path)) {
					continue;
				}
				Stat childStat = zk.exists(path, false);
				if (childStat != null && !Znodes.isEphemeral(childStat.getEphemeralOwner())) {
					return true;
				}
			}
			return false;
		}
		catch (KeeperException ex) {
			throw ZnodePaths.failure(ex.code(), "inspecting", target);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new java.io.InterruptedIOException("Interrupted while inspecting " + target);
		}
	}

	private static List<ACL> aclIfExists(ZooKeeper zk, String path) throws IOException {
		try {
			return zk.getACL(path, new Stat());
		}
		catch (KeeperException.NoNodeException ex) {
			return null;
		}
		catch (KeeperException ex) {
			throw ZnodePaths.failure(ex.code(), "inspecting", path);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new java.io.InterruptedIOException("Interrupted while inspecting " + path);
		}
	}

	private static void openAcl(ZooKeeper zk, String path, AclRules rules) throws IOException {
		try {
			zk.setACL(path, rules.temporaryAcl(), -1);
		}
		catch (KeeperException ex) {
			throw ZnodePaths.failure(ex.code(), "opening the ACL (for the restore) of", path);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new java.io.InterruptedIOException("Interrupted while opening " + path);
		}
	}

	private static void createAncestors(ZooKeeper zk, String target, List<ACL> acl) throws IOException {
		List<String> ancestors = new ArrayList<>();
		for (String path = ZnodePaths.parent(target); !path.equals("/"); path = ZnodePaths.parent(path)) {
			ancestors.add(0, path);
		}
		for (String path : ancestors) {
			try {
				zk.create(path, new byte[0], acl, CreateMode.PERSISTENT);
			}
			catch (KeeperException.NodeExistsException ex) {
				// already there
			}
			catch (KeeperException ex) {
				throw ZnodePaths.failure(ex.code(), "creating the parent", path);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new java.io.InterruptedIOException("Interrupted while creating " + path);
			}
		}
	}

	/**
	 * How to restore.
	 *
	 * @param policy what to do when the target holds data
	 * @param targetPath where to restore, or {@code null} for the path the archive was
	 * made from
	 * @param excludes absolute paths under the target to leave alone, on top of the
	 * archive's own excludes (mapped to the target) and {@code /zookeeper}
	 * @param parentAcl the ACL of missing ancestors of the target that the restore
	 * creates (default open)
	 * @param digest the client's {@code user:password} digest credentials, or
	 * {@code null}: a znode whose ACL grants these (or {@code world:anyone}) the create
	 * permission gets its children directly, others get a temporary ACL until the end; a
	 * secret, never shown
	 * @param maxInFlight the most requests outstanding at once (default 2,000)
	 * @param maxBytesInFlight the most data bytes outstanding at once (default 64 MiB)
	 * @param verify whether to count the restored subtree again afterwards and fail on a
	 * mismatch, which also catches znodes written by other clients meanwhile (default
	 * false: the count is always checked through the acknowledged creates against the
	 * archive's trailer)
	 * @param batchCreates whether znodes that cannot exist yet (all but the target and,
	 * for an overwrite, the znodes its erase kept) are created in batches of up to 12,
	 * one {@code multi} transaction each (default true; a batch is atomic, so one that
	 * fails, for example because another client created one of its znodes meanwhile,
	 * fails the restore)
	 */
	public record Options(ZooKeeperRestorePolicy policy, String targetPath, List<String> excludes, List<ACL> parentAcl,
			String digest, int maxInFlight, long maxBytesInFlight, boolean verify, boolean batchCreates) {

		public Options {
			Objects.requireNonNull(policy, "policy");
			targetPath = (targetPath != null) ? ZnodePaths.normalize(targetPath, "target") : null;
			excludes = (excludes != null) ? List.copyOf(excludes) : List.of();
			// a mutable copy: ZooKeeper.create calls acl.contains(null), which immutable
			// lists reject
			parentAcl = (parentAcl != null && !parentAcl.isEmpty()) ? new ArrayList<>(parentAcl) : Ids.OPEN_ACL_UNSAFE;
			if (maxInFlight < 1 || maxBytesInFlight < 1) {
				throw new IllegalArgumentException("maxInFlight and maxBytesInFlight must be at least 1");
			}
		}

		/**
		 * Default options for a policy: the archive's own path, 2,000 requests and 64 MiB
		 * in flight, no recount (every create is still acknowledged and counted against
		 * the archive's trailer).
		 * @param policy the policy
		 * @return the options
		 */
		public static Options of(ZooKeeperRestorePolicy policy) {
			return new Options(policy, null, List.of(), null, null, ZooKeeperBackup.DEFAULT_MAX_IN_FLIGHT,
					ZooKeeperBackup.DEFAULT_MAX_BYTES_IN_FLIGHT, false, true);
		}

		/**
		 * @param targetPath where to restore, or {@code null} for the archive's own path
		 * @return a copy with that target
		 */
		public Options withTargetPath(String targetPath) {
			return new Options(this.policy, targetPath, this.excludes, this.parentAcl, this.digest, this.maxInFlight,
					this.maxBytesInFlight, this.verify, this.batchCreates);
		}

		/**
		 * @param excludes absolute paths under the target to leave alone
		 * @return a copy with those excludes
		 */
		public Options withExcludes(Collection<String> excludes) {
			return new Options(this.policy, this.targetPath, (excludes != null) ? List.copyOf(excludes) : null,
					this.parentAcl, this.digest, this.maxInFlight, this.maxBytesInFlight, this.verify,
					this.batchCreates);
		}

		/**
		 * @param digest the client's {@code user:password} digest credentials
		 * @return a copy with those credentials
		 */
		public Options withDigest(String digest) {
			return new Options(this.policy, this.targetPath, this.excludes, this.parentAcl, digest, this.maxInFlight,
					this.maxBytesInFlight, this.verify, this.batchCreates);
		}

		/**
		 * @param parentAcl the ACL of missing ancestors created by the restore
		 * @return a copy with that ACL
		 */
		public Options withParentAcl(List<ACL> parentAcl) {
			return new Options(this.policy, this.targetPath, this.excludes, parentAcl, this.digest, this.maxInFlight,
					this.maxBytesInFlight, this.verify, this.batchCreates);
		}

		/**
		 * @param verify whether to count the restored subtree afterwards
		 * @return a copy with that setting
		 */
		public Options withVerify(boolean verify) {
			return new Options(this.policy, this.targetPath, this.excludes, this.parentAcl, this.digest,
					this.maxInFlight, this.maxBytesInFlight, verify, this.batchCreates);
		}

		/**
		 * @param batchCreates whether to create znodes in batches (one {@code multi}
		 * transaction each)
		 * @return a copy with that setting
		 */
		public Options withBatchCreates(boolean batchCreates) {
			return new Options(this.policy, this.targetPath, this.excludes, this.parentAcl, this.digest,
					this.maxInFlight, this.maxBytesInFlight, this.verify, batchCreates);
		}

		@Override
		public String toString() {
			return "Options[policy=" + this.policy + ", targetPath=" + this.targetPath + ", excludes=" + this.excludes
					+ ", digest=" + ((this.digest != null) ? "<redacted>" : "none") + ", maxInFlight="
					+ this.maxInFlight + ", verify=" + this.verify + ", batchCreates=" + this.batchCreates + "]";
		}

	}

	/**
	 * What {@link #read} restored.
	 *
	 * @param targetPath where the subtree was restored
	 * @param znodes znodes created or updated
	 * @param dataBytes their data bytes in total
	 * @param updatedExisting znodes that already existed (kept by the erase) and got data
	 * and ACL set
	 * @param skippedExcluded znodes in the archive left out because their target is
	 * excluded
	 * @param deleted znodes deleted before the restore (policy overwrite)
	 * @param batchedCreates how many batches of creates ({@code multi} transactions) were
	 * sent
	 */
	public record Result(String targetPath, long znodes, long dataBytes, long updatedExisting, long skippedExcluded,
			long deleted, long batchedCreates) {

	}

}
