package org.backplane.service.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.Random;

import org.backplane.service.storage.InMemoryStorageProvider;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The SHA-256 check of a stored artifact while it is read: every byte digested exactly
 * once, whatever the reader does (a gzip reader that marks and resets, a tar reader that
 * skips), over a store whose streams support mark/reset as Azure's do.
 */
class ArtifactsTests {

	private final InMemoryStorageProvider storage = new InMemoryStorageProvider();

	private final byte[] data = new byte[100_000];

	private String sha256;

	ArtifactsTests() throws IOException {
		new Random(42).nextBytes(this.data);
		this.storage.put("a", new ByteArrayInputStream(this.data));
		this.sha256 = HexFormat.of().formatHex(Artifacts.sha256().digest(this.data));
	}

	@Test
	void theStoreStreamSupportsMarkButTheVerifiedStreamDoesNot() throws IOException {
		try (InputStream raw = this.storage.get("a");
				InputStream verified = Artifacts.openVerified(this.storage, "a", this.sha256)) {
			assertThat(raw.markSupported()).as("precondition: the store's stream can mark").isTrue();
			assertThat(verified.markSupported()).isFalse();
			verified.mark(100);
			assertThat(verified.read(new byte[50])).isEqualTo(50);
			assertThatExceptionOfType(IOException.class).isThrownBy(verified::reset);
		}
	}

	@Test
	void skippedBytesAreStillDigested() throws IOException {
		try (InputStream verified = Artifacts.openVerified(this.storage, "a", this.sha256)) {
			assertThat(verified.skip(30_000)).isEqualTo(30_000);
			assertThatNoException().isThrownBy(() -> verified.transferTo(java.io.OutputStream.nullOutputStream()));
		}
	}

	@Test
	void aWrongDigestIsReportedAtTheEnd() throws IOException {
		try (InputStream verified = Artifacts.openVerified(this.storage, "a", "00".repeat(32))) {
			assertThatExceptionOfType(ArtifactCorruptedException.class)
				.isThrownBy(() -> verified.transferTo(java.io.OutputStream.nullOutputStream()));
		}
	}

}
