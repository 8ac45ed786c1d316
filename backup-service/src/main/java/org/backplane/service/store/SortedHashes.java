package org.backplane.service.store;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A set of strings (SHA-256s) of any size, given in any order and read back sorted
 * without repeats, in bounded memory: an external merge sort. Up to {@code runSize}
 * strings are held in memory; each time that many were added they are sorted and written
 * to a temporary file (a run), and reading merges the runs (one buffered line per run in
 * memory). The strings must not contain line breaks. Not thread-safe; close it to delete
 * its files.
 */
final class SortedHashes implements Closeable {

	/** Strings held in memory before a run is written: about 12 MB of SHA-256 hex. */
	static final int RUN_SIZE = 100_000;

	private final int runSize;

	private final List<String> buffer = new ArrayList<>();

	private final List<Path> runs = new ArrayList<>();

	private final List<BufferedReader> readers = new ArrayList<>();

	private Path folder;

	private boolean reading;

	SortedHashes() {
		this(RUN_SIZE);
	}

	SortedHashes(int runSize) {
		if (runSize < 1) {
			throw new IllegalArgumentException("runSize must be at least 1");
		}
		this.runSize = runSize;
	}

	/**
	 * Adds a string.
	 * @param hash the string
	 * @throws IOException if a run cannot be written
	 * @throws IllegalStateException once {@link #sorted()} was called
	 */
	void add(String hash) throws IOException {
		if (this.reading) {
			throw new IllegalStateException("Already read");
		}
		this.buffer.add(hash);
		if (this.buffer.size() >= this.runSize) {
			spill();
		}
	}

	/**
	 * @return how many runs were written to disk so far (for tests)
	 */
	int runs() {
		return this.runs.size();
	}

	/**
	 * @return the folder of the runs, or {@code null} while none was written (for tests)
	 */
	Path folder() {
		return this.folder;
	}

	private void spill() throws IOException {
		if (this.folder == null) {
			this.folder = Files.createTempDirectory("backplane-hashes-");
		}
		Path run = this.folder.resolve("run-" + this.runs.size());
		Collections.sort(this.buffer);
		try (BufferedWriter out = Files.newBufferedWriter(run, StandardCharsets.US_ASCII)) {
			String previous = null;
			for (String hash : this.buffer) {
				if (!hash.equals(previous)) {
					out.write(hash);
					out.write('\n');
				}
				previous = hash;
			}
		}
		this.runs.add(run);
		this.buffer.clear();
	}

	/**
	 * Reads the strings back, once: ascending ({@link String#compareTo}), each once.
	 * @return the cursor
	 * @throws IOException if the runs cannot be read
	 */
	Cursor sorted() throws IOException {
		if (this.reading) {
			throw new IllegalStateException("Already read");
		}
		this.reading = true;
		if (this.runs.isEmpty()) {
			Collections.sort(this.buffer);
			List<String> sorted = this.buffer;
			return new Cursor() {

				private int next;

				@Override
				public String next() {
					while (this.next < sorted.size()) {
						String hash = sorted.get(this.next++);
						if (this.next == 1 || !hash.equals(sorted.get(this.next - 2))) {
							return hash;
						}
					}
					return null;
				}

			};
		}
		if (!this.buffer.isEmpty()) {
			spill();
		}
		PriorityQueue<Head> heads = new PriorityQueue<>(Comparator.comparing(Head::hash));
		for (Path run : this.runs) {
			BufferedReader reader = Files.newBufferedReader(run, StandardCharsets.US_ASCII);
			this.readers.add(reader);
			String first = reader.readLine();
			if (first != null) {
				heads.add(new Head(first, reader));
			}
		}
		return new Cursor() {

			private String previous;

			@Override
			public String next() throws IOException {
				while (!heads.isEmpty()) {
					Head head = heads.poll();
					String following = head.reader().readLine();
					if (following != null) {
						heads.add(new Head(following, head.reader()));
					}
					if (!head.hash().equals(this.previous)) {
						this.previous = head.hash();
						return head.hash();
					}
				}
				return null;
			}

		};
	}

	@Override
	public void close() throws IOException {
		this.buffer.clear();
		for (BufferedReader reader : this.readers) {
			reader.close();
		}
		for (Path run : this.runs) {
			Files.deleteIfExists(run);
		}
		if (this.folder != null) {
			Files.deleteIfExists(this.folder);
		}
	}

	/**
	 * Reads sorted strings one at a time.
	 */
	interface Cursor {

		/**
		 * @return the next string, or {@code null} at the end
		 * @throws IOException if a run cannot be read
		 */
		String next() throws IOException;

	}

	private record Head(String hash, BufferedReader reader) {
	}

}
