package org.backplane.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.LongSupplier;

import org.backplane.client.model.Progress;

/**
 * Shows the progress of a backup or restore under {@code --wait}: a live bar redrawn in
 * place on a terminal, plain lines otherwise (one per status change and per 10 % step, so
 * logs stay short).
 */
abstract class ProgressReporter {

	/**
	 * @param context where to write and whether it is a terminal
	 * @param verb what is going on, e.g. {@code Backing up}
	 * @return a bar on a terminal, lines otherwise
	 */
	static ProgressReporter of(CliContext context, String verb) {
		return context.terminal() ? new Bar(context.out(), verb, System::nanoTime, columns(context))
				: new Lines(context.out(), verb);
	}

	/**
	 * The width to draw the bar in: {@code COLUMNS} when exported, else the terminal's
	 * own width, else 80.
	 * @param context the world
	 * @return the columns, at least 40
	 */
	static int columns(CliContext context) {
		int columns = 0;
		try {
			String exported = context.getenv("COLUMNS");
			columns = (exported != null) ? Integer.parseInt(exported.strip()) : 0;
		}
		catch (NumberFormatException ex) {
			// not a number: ask the terminal
		}
		if (columns <= 0) {
			columns = context.columns().getAsInt();
		}
		return (columns > 0) ? Math.max(40, columns) : 80;
	}

	/**
	 * Reports one poll.
	 * @param id the backup or restore id
	 * @param status its status
	 * @param progress its progress, or {@code null} when unknown
	 */
	abstract void update(String id, String status, Progress progress);

	/**
	 * Ends the display (the bar's line is ended).
	 */
	abstract void finish();

	/**
	 * Ends the display for good, e.g. on Ctrl-C: the bar's line is ended and later calls
	 * print nothing.
	 */
	abstract void stop();

	/**
	 * A bar redrawn with a carriage return:
	 * {@code Backing up [=====>    ]  45%  120/300 items  12.0 MiB/30.0 MiB  ETA 0:12}.
	 */
	static final class Bar extends ProgressReporter {

		private static final int WIDTH = 24;

		private final PrintWriter out;

		private final String verb;

		private final LongSupplier nanoTime;

		private final int columns;

		private final long started;

		private int lastLength;

		private boolean stopped;

		Bar(PrintWriter out, String verb, LongSupplier nanoTime, int columns) {
			this.out = out;
			this.verb = verb;
			this.nanoTime = nanoTime;
			this.columns = columns;
			this.started = nanoTime.getAsLong();
		}

		@Override
		synchronized void update(String id, String status, Progress progress) {
			if (this.stopped) {
				return;
			}
			String line = line(progress, Duration.ofNanos(this.nanoTime.getAsLong() - this.started));
			if (line.length() > this.columns - 1) {
				line = line.substring(0, this.columns - 1);
			}
			this.out.print("\r" + line + " ".repeat(Math.max(0, this.lastLength - line.length())));
			this.out.flush();
			this.lastLength = line.length();
		}

		String line(Progress progress, Duration elapsed) {
			Progress shown = (progress != null) ? progress : Progress.NONE;
			double fraction = shown.fraction();
			int filled = (int) Math.floor(fraction * WIDTH);
			String bar = "=".repeat(filled) + ((filled < WIDTH) ? ">" + " ".repeat(WIDTH - filled - 1) : "");
			String eta = "ETA --:--";
			if (fraction > 0 && fraction < 1) {
				eta = "ETA "
						+ Output.duration(Duration.ofMillis((long) (elapsed.toMillis() * (1 - fraction) / fraction)));
			}
			else if (fraction >= 1) {
				eta = "ETA 0:00";
			}
			return this.verb + " [" + bar + "]  " + Output.progress(shown) + "  " + eta;
		}

		@Override
		synchronized void finish() {
			if (this.lastLength > 0 && !this.stopped) {
				this.out.println();
				this.out.flush();
			}
			this.stopped = true;
		}

		@Override
		void stop() {
			finish();
		}

	}

	/**
	 * Plain lines:
	 * {@code <id>  STATUS_BACKING_UP  40%  120/300 items  12.0 MiB/30.0 MiB}.
	 */
	static final class Lines extends ProgressReporter {

		private final PrintWriter out;

		private final String verb;

		private String lastStatus;

		private int lastStep = -1;

		private boolean stopped;

		Lines(PrintWriter out, String verb) {
			this.out = out;
			this.verb = verb;
		}

		@Override
		synchronized void update(String id, String status, Progress progress) {
			if (this.stopped) {
				return;
			}
			int step = (progress != null) ? (int) Math.floor(progress.fraction() * 10) : -1;
			if (status.equals(this.lastStatus) && step == this.lastStep) {
				return;
			}
			this.lastStatus = status;
			this.lastStep = step;
			this.out.println(this.verb + " " + id + "  " + status
					+ ((progress != null) ? "  " + Output.progress(progress) : ""));
			this.out.flush();
		}

		@Override
		void finish() {
		}

		@Override
		synchronized void stop() {
			this.stopped = true;
		}

	}

}
