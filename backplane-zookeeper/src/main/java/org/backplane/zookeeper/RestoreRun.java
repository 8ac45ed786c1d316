package org.backplane.zookeeper;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.zookeeper.AsyncCallback.Create2Callback;
import org.apache.zookeeper.AsyncCallback.StatCallback;
import org.apache.zookeeper.AsyncCallback.StringCallback;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Stat;

/**
 * Pipelined creation of the znodes read from an archive, in archive order (parents first;
 * ZooKeeper applies one session's requests in order, so a child's create may follow its
 * parent's without waiting). A znode that already exists (kept by the erase, or the
 * target root) gets its data and ACL set instead. A znode whose ACL would stop us
 * creating its children is created with a temporary ACL that is replaced once everything
 * is created; only those znodes are remembered.
 * <p>
 * Znodes that cannot exist yet (not the target, not kept by an overwrite's erase) are
 * created in batches of up to {@value #MAX_BATCH}, one {@code multi} transaction each,
 * which costs the server about as much as a single create. A batch holds at most
 * {@value #MAX_BATCH_BYTES} bytes of data (a request must fit the server's
 * {@code jute.maxbuffer}, 1 MiB by default); larger znodes, and those that may exist
 * (which need the set-data path when they do), are created one by one, after the batch
 * before them is sent, so the order holds.
 */
final class RestoreRun implements StringCallback, Create2Callback, StatCallback {

	/** The most znodes created in one {@code multi}. */
	static final int MAX_BATCH = 12;

	/** The most data bytes in one {@code multi}. */
	static final int MAX_BATCH_BYTES = 256 * 1024;

	private final ZooKeeper zk;

	private final ZnodePaths paths;

	private final String target;

	private final int maxInFlight;

	private final long maxBytesInFlight;

	private final ZooKeeperProgress progress;

	private final AclRules rules;

	private final Map<String, List<ACL>> opened;

	private final List<Ctx> deferred = new ArrayList<>();

	/**
	 * Znodes that may exist when the creates start, or {@code null} to create one by one.
	 */
	private final java.util.Set<String> mayExist;

	private final List<Ctx> batch = new ArrayList<>();

	private final List<Op> batchOps = new ArrayList<>();

	private int batchBytes;

	long batches;

	private int outstanding;

	private long bytesOutstanding;

	private IOException failure;

	long created;

	long updated;

	long dataBytes;

	long skippedExcluded;

	RestoreRun(ZooKeeper zk, ZnodePaths paths, String target, int maxInFlight, long maxBytesInFlight,
			ZooKeeperProgress progress, AclRules rules, Map<String, List<ACL>> opened, java.util.Set<String> mayExist) {
		this.mayExist = mayExist;
		this.zk = zk;
		this.paths = paths;
		this.target = target;
		this.maxInFlight = maxInFlight;
		this.maxBytesInFlight = maxBytesInFlight;
		this.progress = progress;
		this.rules = rules;
		this.opened = opened;
	}

	void create(ZnodeRecord node, byte[] data) throws IOException {
		String path = ZnodePaths.resolve(this.target, node.relativePath());
		if (this.paths.isExcluded(path)) {
			this.skippedExcluded++;
			return;
		}
		boolean defer = node.stat().getNumChildren() > 0 && !this.rules.grantsCreate(node.acl());
		Ctx ctx = new Ctx(path, data, node.acl(), defer);
		List<ACL> acl = defer ? this.rules.temporaryAcl() : node.acl();
		boolean batchable = this.mayExist != null && !this.mayExist.contains(path) && ctx.length <= MAX_BATCH_BYTES;
		if (!batchable || this.batch.size() >= MAX_BATCH || this.batchBytes + ctx.length > MAX_BATCH_BYTES
				|| mustWait(ctx.length)) {
			// in order: the batch so far goes first
			flush();
		}
		acquire(ctx.length);
		if (batchable) {
			ctx.createAcl = acl;
			ctx.mode = node.mode();
			ctx.ttl = node.ttl();
			this.batch.add(ctx);
			this.batchOps.add((node.mode() == CreateMode.PERSISTENT_WITH_TTL)
					? Op.create(path, data, acl, node.mode(), node.ttl()) : Op.create(path, data, acl, node.mode()));
			this.batchBytes += ctx.length;
			return;
		}
		if (node.mode() == CreateMode.PERSISTENT_WITH_TTL) {
			this.zk.create(path, data, acl, node.mode(), (Create2Callback) this, ctx, node.ttl());
		}
		else {
			this.zk.create(path, data, acl, node.mode(), (StringCallback) this, ctx);
		}
	}

	/**
	 * Waits for every create, then sets the deferred ACLs and waits for those.
	 * @throws IOException the first failure
	 */
	void finish() throws IOException {
		flush();
		awaitAll();
		List<Ctx> acls;
		synchronized (this) {
			acls = new ArrayList<>(this.deferred);
			this.deferred.clear();
		}
		synchronized (this) {
			// znodes kept by the erase and opened for their children, but not in the
			// archive: their own ACL back
			for (Map.Entry<String, List<ACL>> entry : this.opened.entrySet()) {
				Ctx ctx = new Ctx(entry.getKey(), null, entry.getValue(), true);
				ctx.stage = Stage.DEFERRED_ACL;
				acls.add(ctx);
			}
			this.opened.clear();
		}
		for (Ctx ctx : acls) {
			ctx.stage = Stage.DEFERRED_ACL;
			acquire(0);
			this.zk.setACL(ctx.path, ctx.acl, -1, this, ctx);
		}
		awaitAll();
	}

	/**
	 * Sends the batch so far, one create alone, several as one {@code multi}.
	 */
	private void flush() {
		if (this.batch.isEmpty()) {
			return;
		}
		if (this.batch.size() == 1) {
			Ctx ctx = this.batch.get(0);
			if (ctx.mode == CreateMode.PERSISTENT_WITH_TTL) {
				this.zk.create(ctx.path, ctx.data, ctx.createAcl, ctx.mode, (Create2Callback) this, ctx, ctx.ttl);
			}
			else {
				this.zk.create(ctx.path, ctx.data, ctx.createAcl, ctx.mode, (StringCallback) this, ctx);
			}
		}
		else {
			Ctx[] ctxs = this.batch.toArray(new Ctx[0]);
			this.zk.multi(new ArrayList<>(this.batchOps),
					(rc, path, context, results) -> batchCreated(rc, ctxs, results), null);
			this.batches++;
		}
		this.batch.clear();
		this.batchOps.clear();
		this.batchBytes = 0;
	}

	private synchronized void batchCreated(int rc, Ctx[] ctxs, List<OpResult> results) {
		if (results != null && results.size() == ctxs.length && Code.get(rc) == Code.OK) {
			for (Ctx ctx : ctxs) {
				this.created++;
				done(ctx);
			}
			return;
		}
		// the transaction was undone: name the znode that failed it
		String path = ctxs[0].path;
		Code code = Code.get(rc);
		if (results != null) {
			for (int i = 0; i < results.size() && i < ctxs.length; i++) {
				if (results.get(i) instanceof OpResult.ErrorResult error) {
					Code each = Code.get(error.getErr());
					if (each != Code.OK && each != Code.RUNTIMEINCONSISTENCY) {
						path = ctxs[i].path;
						code = each;
						break;
					}
				}
			}
		}
		fail(ZnodePaths.failure(code, "creating", path));
		for (Ctx ctx : ctxs) {
			release(ctx);
		}
	}

	private synchronized boolean mustWait(int length) {
		return this.outstanding > 0
				&& (this.outstanding >= this.maxInFlight || this.bytesOutstanding + length > this.maxBytesInFlight);
	}

	private synchronized void acquire(int length) throws IOException {
		while (this.failure == null && this.outstanding > 0
				&& (this.outstanding >= this.maxInFlight || this.bytesOutstanding + length > this.maxBytesInFlight)) {
			waitForCallbacks();
		}
		if (this.failure != null) {
			throw ListenerFailure.unwrap(this.failure);
		}
		this.outstanding++;
		this.bytesOutstanding += length;
	}

	private synchronized void awaitAll() throws IOException {
		while (this.outstanding > 0) {
			waitForCallbacks();
		}
		if (this.failure != null) {
			throw ListenerFailure.unwrap(this.failure);
		}
	}

	private void waitForCallbacks() throws InterruptedIOException {
		try {
			wait();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted while restoring into " + this.target);
		}
	}

	private void release(Ctx ctx) {
		this.outstanding--;
		this.bytesOutstanding -= (ctx.stage == Stage.DEFERRED_ACL) ? 0 : ctx.length;
		notifyAll();
	}

	private void fail(IOException ex) {
		if (this.failure == null) {
			this.failure = ex;
		}
	}

	@Override
	public void processResult(int rc, String path, Object ctx, String name) {
		created(rc, path, (Ctx) ctx);
	}

	@Override
	public void processResult(int rc, String path, Object ctx, String name, Stat stat) {
		created(rc, path, (Ctx) ctx);
	}

	private synchronized void created(int rc, String path, Ctx ctx) {
		Code code = Code.get(rc);
		if (code == Code.OK) {
			this.created++;
			done(ctx);
		}
		else if (code == Code.NODEEXISTS && this.failure == null) {
			this.opened.remove(path);
			if (ctx.defer) {
				this.deferred.add(ctx);
			}
			ctx.stage = Stage.SET_DATA;
			this.zk.setData(path, ctx.data, -1, this, ctx);
		}
		else {
			fail(ZnodePaths.failure(code, "creating", path));
			release(ctx);
		}
	}

	@Override
	public synchronized void processResult(int rc, String path, Object context, Stat stat) {
		Ctx ctx = (Ctx) context;
		Code code = Code.get(rc);
		if (code != Code.OK) {
			fail(ZnodePaths.failure(code, (ctx.stage == Stage.SET_DATA) ? "setting the data of" : "setting the ACL of",
					path));
			release(ctx);
			return;
		}
		if (ctx.stage == Stage.SET_DATA && !ctx.defer && this.failure == null) {
			ctx.stage = Stage.SET_ACL;
			this.zk.setACL(path, ctx.acl, -1, this, ctx);
			return;
		}
		if (ctx.stage == Stage.DEFERRED_ACL) {
			release(ctx);
			return;
		}
		this.updated++;
		done(ctx);
	}

	private void done(Ctx ctx) {
		if (ctx.defer && ctx.stage == Stage.CREATE) {
			this.deferred.add(ctx);
		}
		this.dataBytes += ctx.length;
		try {
			ListenerFailure.advance(this.progress, 1, ctx.length);
		}
		catch (ListenerFailure ex) {
			fail(ex);
		}
		release(ctx);
		ctx.data = null;
	}

	private enum Stage {

		CREATE, SET_DATA, SET_ACL, DEFERRED_ACL

	}

	private static final class Ctx {

		final String path;

		final List<ACL> acl;

		final boolean defer;

		final int length;

		byte[] data;

		Stage stage = Stage.CREATE;

		/** For a batched create sent alone: the ACL, mode and TTL to create with. */
		List<ACL> createAcl;

		CreateMode mode;

		long ttl;

		Ctx(String path, byte[] data, List<ACL> acl, boolean defer) {
			this.path = path;
			this.data = data;
			this.acl = acl;
			this.defer = defer;
			this.length = (data != null) ? data.length : 0;
		}

	}

}
