package org.backplane.zookeeper;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.apache.zookeeper.ZooKeeper;

/**
 * A pipelined walk of a subtree with ZooKeeper's asynchronous API. Work is taken
 * depth-first from a stack of sibling lists, so memory grows with the tree's depth and
 * fan-out, never with its size. At most {@code maxInFlight} requests are outstanding,
 * fewer when large znodes have been seen (the data of every outstanding read may sit in
 * memory at once, so the window is {@code maxBytesInFlight / largest data seen}; before
 * the first answer, with no expected size, reads are assumed as large as ZooKeeper
 * allows, 1 MiB).
 * <p>
 * Callbacks run on ZooKeeper's single event thread; all state is guarded by {@code this}.
 * Subclasses issue the requests for a znode in {@link #visit} and call {@link #issued()},
 * {@link #completed()}, {@link #pushChildren}, {@link #fail} and {@link #pump()} from
 * their callbacks.
 */
abstract class Walk {

	protected final ZooKeeper zk;

	protected final ZnodePaths paths;

	private final int maxInFlight;

	private final long maxBytesInFlight;

	private final Deque<Siblings> stack = new ArrayDeque<>();

	private int inFlight;

	private long largestData;

	private long largestDataRead;

	/** Whether anything is known about data sizes: an expectation, or a read's answer. */
	private boolean sized;

	private IOException failure;

	private boolean finished;

	Walk(ZooKeeper zk, ZnodePaths paths, int maxInFlight, long maxBytesInFlight, long expectedLargestData) {
		if (maxInFlight < 1 || maxBytesInFlight < 1) {
			throw new IllegalArgumentException("maxInFlight and maxBytesInFlight must be positive");
		}
		this.zk = zk;
		this.paths = paths;
		this.maxInFlight = maxInFlight;
		this.maxBytesInFlight = maxBytesInFlight;
		this.largestData = Math.max(0, expectedLargestData);
		this.sized = expectedLargestData > 0;
	}

	/**
	 * Issues the request(s) for one znode. Called with the lock held.
	 * @param path the znode, never excluded
	 * @param context what {@link #pushChildren} was given with its siblings, {@code null}
	 * for the root
	 */
	abstract void visit(String path, Object context);

	/**
	 * How many siblings the next {@link #visitBatch} call may take; 1 (the default)
	 * visits one by one. Called with the lock held.
	 * @return the batch size, at least 1
	 */
	int batchSize() {
		return 1;
	}

	/**
	 * Issues the requests for several znodes (never excluded): siblings, or also cousins
	 * whose lists were pushed with the same context. Called with the lock held, only when
	 * {@link #batchSize()} is above 1.
	 * @param paths the znodes, in the order they were taken
	 * @param context what {@link #pushChildren} was given with their lists
	 */
	void visitBatch(List<String> paths, Object context) {
		for (String path : paths) {
			visit(path, context);
		}
	}

	/**
	 * Called instead of {@link #visit} for an excluded child. Called with the lock held.
	 * @param path the excluded znode
	 * @param context what {@link #pushChildren} was given with its siblings
	 */
	void excluded(String path, Object context) {
	}

	/**
	 * Walks from {@code root} until every request has completed, or fails with the first
	 * failure.
	 * @param root the first znode to visit
	 * @throws IOException the first failure
	 */
	final void run(String root) throws IOException {
		synchronized (this) {
			visit(root, null);
			pump();
			while (!this.finished) {
				try {
					wait();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					fail(new InterruptedIOException("Interrupted while walking " + root));
					throw ListenerFailure.unwrap(this.failure);
				}
			}
			if (this.failure != null) {
				throw ListenerFailure.unwrap(this.failure);
			}
		}
	}

	final void issued() {
		this.inFlight++;
	}

	final void completed() {
		this.inFlight--;
	}

	final boolean failed() {
		return this.failure != null;
	}

	final void fail(IOException ex) {
		if (this.failure == null) {
			this.failure = ex;
		}
	}

	/**
	 * @return the largest data length known (expected or read), or -1 when nothing is
	 * known yet
	 */
	final long largestDataKnown() {
		return this.sized ? this.largestData : -1;
	}

	final void sawData(long length) {
		this.sized = true;
		if (length > this.largestData) {
			this.largestData = length;
		}
		if (length > this.largestDataRead) {
			this.largestDataRead = length;
		}
	}

	/**
	 * @return the largest data length read by this walk
	 */
	final int largestDataRead() {
		return (int) Math.min(Integer.MAX_VALUE, this.largestDataRead);
	}

	final void pushChildren(String parent, List<String> children, Object context) {
		if (!children.isEmpty()) {
			this.stack.push(new Siblings(parent, children, context));
		}
	}

	private int window() {
		// until the first answer, with no expectation, every read may be as large as
		// ZooKeeper allows
		long largest = this.sized ? this.largestData : ZooKeeperBackup.ASSUMED_LARGEST_DATA;
		if (largest <= 0) {
			return this.maxInFlight;
		}
		return (int) Math.max(1, Math.min(this.maxInFlight, this.maxBytesInFlight / largest));
	}

	/**
	 * Issues more requests while the window allows, and notices the end of the walk. Call
	 * with the lock held, at the end of every callback.
	 */
	final void pump() {
		while (this.failure == null && this.inFlight < window() && !this.stack.isEmpty()) {
			Siblings top = this.stack.peek();
			int batch = batchSize();
			if (batch > 1) {
				// a batch may span sibling lists (cousins) that share the same context
				Object context = top.context;
				List<String> group = new ArrayList<>(batch);
				while (group.size() < batch && top != null && top.context == context) {
					String child = ZnodePaths.child(top.parent, top.names.get(top.next++));
					if (this.paths.isExcluded(child)) {
						excluded(child, top.context);
					}
					else {
						group.add(child);
					}
					if (top.next == top.names.size()) {
						this.stack.pop();
						top = this.stack.peek();
					}
				}
				if (!group.isEmpty()) {
					visitBatch(group, context);
				}
				continue;
			}
			String name = top.names.get(top.next++);
			if (top.next == top.names.size()) {
				this.stack.pop();
			}
			String child = ZnodePaths.child(top.parent, name);
			if (this.paths.isExcluded(child)) {
				excluded(child, top.context);
			}
			else {
				visit(child, top.context);
			}
		}
		if (this.inFlight == 0 && (this.failure != null || this.stack.isEmpty())) {
			this.finished = true;
			notifyAll();
		}
	}

	/**
	 * Wraps an unexpected exception thrown in a callback.
	 * @param path the znode
	 * @param ex the exception
	 * @return an IOException to fail with
	 */
	static IOException unexpected(String path, Exception ex) {
		return (ex instanceof IOException io) ? io
				: new IOException("Unexpected failure at znode " + path + ": " + ex, ex);
	}

	private static final class Siblings {

		final String parent;

		final List<String> names;

		final Object context;

		int next;

		Siblings(String parent, List<String> names, Object context) {
			this.parent = parent;
			this.names = names;
			this.context = context;
		}

	}

}
