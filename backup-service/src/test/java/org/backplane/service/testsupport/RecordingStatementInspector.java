package org.backplane.service.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.hibernate.resource.jdbc.spi.StatementInspector;

/**
 * Records every SQL statement Hibernate prepares, with the thread that prepares it, while
 * a {@link Recording} is open (set as
 * {@code hibernate.session_factory.statement_inspector} by
 * {@link ServiceIntegrationTest}). Tests count the statements one request ran: those of
 * the thread that ran a statement only that request runs, so that the runners and the
 * reaper working meanwhile on their own threads do not count.
 */
public class RecordingStatementInspector implements StatementInspector {

	private static final ConcurrentLinkedQueue<Map.Entry<String, String>> statements = new ConcurrentLinkedQueue<>();

	private static volatile boolean recording;

	@Override
	public String inspect(String sql) {
		if (recording) {
			statements.add(Map.entry(Thread.currentThread().getName(), sql));
		}
		return sql;
	}

	/**
	 * Starts recording (one recording at a time).
	 * @return the recording
	 */
	public static Recording start() {
		statements.clear();
		recording = true;
		return new Recording();
	}

	/**
	 * Statements recorded since {@link #start()}.
	 */
	public static final class Recording {

		private Recording() {
		}

		/**
		 * Stops recording.
		 * @param marker a fragment of a statement that only the request of interest runs
		 * @return the statements its thread ran, in order
		 * @throws IllegalStateException if no statement holds the marker
		 */
		public List<String> stopAndFindThreadOf(String marker) {
			recording = false;
			List<Map.Entry<String, String>> all = new ArrayList<>(statements);
			String thread = all.stream()
				.filter((e) -> e.getValue().contains(marker))
				.map(Map.Entry::getKey)
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("No statement contains '" + marker + "': " + all));
			return all.stream().filter((e) -> Objects.equals(e.getKey(), thread)).map(Map.Entry::getValue).toList();
		}

	}

}
