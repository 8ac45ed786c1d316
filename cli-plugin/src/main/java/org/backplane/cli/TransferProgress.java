package org.backplane.cli;

import java.io.PrintWriter;
import java.util.function.LongConsumer;

/**
 * Shows how far a download or an upload got: on a terminal one line redrawn in place
 * ({@code Uploading  12.0 MiB/30.0 MiB  40%}), otherwise a line at each 10 % step (or
 * each 64 MiB when the total is not known), so logs stay short.
 */
final class TransferProgress implements LongConsumer {

	private static final long STEP_UNKNOWN_TOTAL = 64L * 1024 * 1024;

	private final PrintWriter out;

	private final boolean terminal;

	private final String verb;

	private final long total;

	private long lastStep = -1;

	private boolean drawn;

	/**
	 * @param context where to write and whether it is a terminal
	 * @param verb {@code Downloading} or {@code Uploading}
	 * @param total the bytes expected, or -1 when not known
	 */
	TransferProgress(CliContext context, String verb, long total) {
		this.out = context.out();
		this.terminal = context.terminal();
		this.verb = verb;
		this.total = total;
	}

	@Override
	public void accept(long bytes) {
		String line = this.verb + "  " + Output.size(bytes)
				+ ((this.total > 0) ? "/" + Output.size(this.total) + "  " + percent(bytes) + "%" : "");
		if (this.terminal) {
			this.out.print("\r" + line);
			this.out.flush();
			this.drawn = true;
			return;
		}
		long step = (this.total > 0) ? percent(bytes) / 10 : bytes / STEP_UNKNOWN_TOTAL;
		if (step != this.lastStep) {
			this.lastStep = step;
			this.out.println(line);
			this.out.flush();
		}
	}

	private long percent(long bytes) {
		return Math.min(100, bytes * 100 / Math.max(1, this.total));
	}

	/**
	 * Ends the redrawn line.
	 */
	void finish() {
		if (this.drawn) {
			this.out.println();
			this.out.flush();
		}
	}

}
