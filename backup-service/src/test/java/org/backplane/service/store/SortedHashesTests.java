package org.backplane.service.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The external sort behind the pool's garbage collection: any number of strings, with
 * repeats, in any order, come back sorted and each once, through runs on disk that are
 * removed on close.
 */
class SortedHashesTests {

	@Test
	void returnsEveryStringOnceInOrderThroughRunsOnDisk() throws IOException {
		Random random = new Random(42);
		List<String> added = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			byte[] bytes = new byte[32];
			random.nextBytes(bytes);
			added.add(HexFormat.of().formatHex(bytes));
		}
		// repeats, within a run and across runs
		added.addAll(added.subList(0, 300));
		java.util.Collections.shuffle(added, random);
		List<String> read = new ArrayList<>();
		Path folder;
		try (SortedHashes hashes = new SortedHashes(64)) {
			for (String hash : added) {
				hashes.add(hash);
			}
			assertThat(hashes.runs()).as("spilled to disk").isGreaterThan(10);
			SortedHashes.Cursor cursor = hashes.sorted();
			for (String hash = cursor.next(); hash != null; hash = cursor.next()) {
				read.add(hash);
			}
			folder = hashes.folder();
			assertThat(folder.resolve("run-0")).exists();
		}
		assertThat(read).containsExactlyElementsOf(new TreeSet<>(added));
		assertThat(folder).as("runs removed on close").doesNotExist();
	}

	@Test
	void aSetSmallerThanARunStaysInMemory() throws IOException {
		try (SortedHashes hashes = new SortedHashes(64)) {
			for (String hash : List.of("c", "a", "b", "a")) {
				hashes.add(hash);
			}
			assertThat(hashes.runs()).isZero();
			SortedHashes.Cursor cursor = hashes.sorted();
			assertThat(List.of(cursor.next(), cursor.next(), cursor.next())).containsExactly("a", "b", "c");
			assertThat(cursor.next()).isNull();
		}
	}

}
