package org.backplane.service.source.buckets;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Object transfers in flight, at most a window of them, as the backup, the restore and
 * the mirror bound their work: {@link #submit} waits while the window is full until
 * <em>any</em> transfer ends, so one long transfer (a large object) never holds up the
 * small ones behind it (bench/buckets: waiting for the oldest first stalled every small
 * object while a 1 GiB object was copied).
 */
final class PendingTransfers {

	private final ExecutorService workers;

	private final BlockingQueue<Future<Void>> completion = new LinkedBlockingQueue<>();

	private final Runnable ended;

	private final Set<Future<Void>> pending = Collections.newSetFromMap(new IdentityHashMap<>());

	private final int window;

	private final String activity;

	/**
	 * @param workers runs the transfers
	 * @param window how many may be submitted and not yet ended
	 * @param activity what they do, for the message when interrupted (e.g.
	 * {@code restoring objects})
	 */
	PendingTransfers(ExecutorService workers, int window, String activity) {
		this(workers, window, activity, () -> {
		});
	}

	/**
	 * @param workers runs the transfers
	 * @param window how many may be submitted and not yet ended
	 * @param activity what they do, for the message when interrupted
	 * @param ended called as each transfer ends, once it is done (so {@link #trySubmit}
	 * sees its room), from its thread
	 */
	PendingTransfers(ExecutorService workers, int window, String activity, Runnable ended) {
		this.workers = workers;
		this.window = window;
		this.activity = activity;
		this.ended = ended;
	}

	/**
	 * Submits a transfer once the window has room.
	 * @param transfer the transfer
	 * @throws IOException the failure of an earlier transfer (the others are cancelled),
	 * or an {@link InterruptedIOException}
	 */
	void submit(Callable<Void> transfer) throws IOException {
		while (this.pending.size() >= this.window) {
			awaitAny();
		}
		start(transfer);
	}

	private void start(Callable<Void> transfer) {
		FutureTask<Void> task = new FutureTask<>(transfer) {
			@Override
			protected void done() {
				PendingTransfers.this.completion.add(this);
				PendingTransfers.this.ended.run();
			}
		};
		this.pending.add(task);
		this.workers.execute(task);
	}

	/**
	 * Submits a transfer if the window has room, without waiting.
	 * @param transfer the transfer
	 * @return whether it was submitted
	 * @throws IOException the failure of an earlier transfer (the others are cancelled)
	 */
	boolean trySubmit(Callable<Void> transfer) throws IOException {
		Future<Void> done;
		while ((done = this.completion.poll()) != null) {
			reap(done);
		}
		if (this.pending.size() >= this.window) {
			return false;
		}
		start(transfer);
		return true;
	}

	/**
	 * Waits for every submitted transfer.
	 * @throws IOException the first failure seen (the others are cancelled), or an
	 * {@link InterruptedIOException}
	 */
	void awaitAll() throws IOException {
		while (!this.pending.isEmpty()) {
			awaitAny();
		}
	}

	private void awaitAny() throws IOException {
		Future<Void> done;
		try {
			done = this.completion.take();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			cancelAll();
			throw new InterruptedIOException("Interrupted while " + this.activity);
		}
		reap(done);
	}

	private void reap(Future<Void> done) throws IOException {
		this.pending.remove(done);
		try {
			await(done, this.activity);
		}
		catch (IOException | RuntimeException ex) {
			cancelAll();
			throw ex;
		}
	}

	/**
	 * The result of work submitted to an executor, its failure thrown as the work threw
	 * it: the one place of this package that unwraps an {@link ExecutionException}.
	 * @param <T> the result's type
	 * @param work the work
	 * @param activity what it does, for the message when interrupted or failing with
	 * neither an {@link IOException} nor a {@link RuntimeException}
	 * @return its result
	 * @throws IOException its {@link IOException}, or an {@link InterruptedIOException}
	 */
	static <T> T await(Future<T> work, String activity) throws IOException {
		try {
			return work.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted while " + activity);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof IOException io) {
				throw io;
			}
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IOException("Failed " + activity + ": " + ex.getCause().getMessage(), ex.getCause());
		}
	}

	private void cancelAll() {
		this.pending.forEach((f) -> f.cancel(true));
		this.pending.clear();
	}

}
