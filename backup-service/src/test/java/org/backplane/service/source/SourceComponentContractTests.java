package org.backplane.service.source;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

import org.backplane.service.source.SourceComponent.RestoreOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * The contract every {@link SourceComponent} keeps, run against each adapter by a
 * subclass that provides a component over a real target (a folder, a ZooKeeper subtree)
 * and a way to fill, change, wipe and read it.
 */
public abstract class SourceComponentContractTests {

	/**
	 * @return a component over an empty target
	 */
	protected abstract SourceComponent component() throws Exception;

	/**
	 * Fills the component's target with content derived from {@code seed}.
	 */
	protected abstract void populate(long seed) throws Exception;

	/**
	 * Empties the component's target.
	 */
	protected abstract void wipe() throws Exception;

	/**
	 * @return the target's content in a form that compares with {@code equals}
	 */
	protected abstract Object snapshot() throws Exception;

	@Test
	void describesItselfWithoutSecrets() throws Exception {
		SourceComponent component = component();
		assertThat(component.name()).isNotBlank();
		assertThat(component.type()).isNotBlank();
		assertThat(component.artifactExtension()).isNotBlank().doesNotStartWith(".");
		assertThat(component.describe()).isNotBlank();
		assertThat(component.defaultRestorePolicy()).isNotNull();
	}

	@Test
	void progressOfABackupAddsUpToTheTotalsCountedBeforehand() throws Exception {
		SourceComponent component = component();
		populate(1);
		SourceComponent.Totals totals = component.enumerate();
		assertThat(totals.items()).isPositive();
		AtomicLong items = new AtomicLong();
		AtomicLong bytes = new AtomicLong();
		backup(component, (i, b) -> {
			items.addAndGet(i);
			bytes.addAndGet(b);
		});
		assertThat(items.get()).isEqualTo(totals.items());
		if (countsBytes()) {
			assertThat(bytes.get()).isEqualTo(totals.bytes());
		}
		else {
			assertThat(totals.bytesKnown()).isFalse();
		}
	}

	@Test
	void restoresExactlyWhatWasBackedUpIntoAnEmptyTarget() throws Exception {
		SourceComponent component = component();
		populate(2);
		Object before = snapshot();
		byte[] artifact = backup(component, SourceComponent.Progress.NONE);
		wipe();
		assertThat(snapshot()).isNotEqualTo(before);
		AtomicLong restoredItems = new AtomicLong();
		component.checkRestore(new RestoreOptions(RestorePolicy.FAIL_IF_EXISTS));
		component.restore(new ByteArrayInputStream(artifact), new RestoreOptions(RestorePolicy.FAIL_IF_EXISTS),
				(i, b) -> restoredItems.addAndGet(i));
		assertThat(snapshot()).isEqualTo(before);
		assertThat(restoredItems.get()).isEqualTo(component.enumerate().items());
	}

	@Test
	void failIfExistsRefusesATargetHoldingDataAndLeavesItUntouched() throws Exception {
		SourceComponent component = component();
		populate(3);
		byte[] artifact = backup(component, SourceComponent.Progress.NONE);
		wipe();
		populate(4);
		Object current = snapshot();
		assertThatExceptionOfType(RestoreRefusedException.class)
			.isThrownBy(() -> component.checkRestore(new RestoreOptions(RestorePolicy.FAIL_IF_EXISTS)))
			.withMessageContaining("overwrite");
		assertThatExceptionOfType(RestoreRefusedException.class)
			.isThrownBy(() -> component.restore(new ByteArrayInputStream(artifact),
					new RestoreOptions(RestorePolicy.FAIL_IF_EXISTS), SourceComponent.Progress.NONE));
		assertThat(snapshot()).isEqualTo(current);
	}

	@Test
	void overwriteReplacesWhatTheTargetHolds() throws Exception {
		SourceComponent component = component();
		populate(5);
		Object backedUp = snapshot();
		byte[] artifact = backup(component, SourceComponent.Progress.NONE);
		wipe();
		populate(6);
		assertThat(snapshot()).isNotEqualTo(backedUp);
		component.checkRestore(new RestoreOptions(RestorePolicy.OVERWRITE));
		component.restore(new ByteArrayInputStream(artifact), new RestoreOptions(RestorePolicy.OVERWRITE),
				SourceComponent.Progress.NONE);
		assertThat(snapshot()).isEqualTo(backedUp);
	}

	@Test
	void rejectsAnArtifactThatIsNotOneOfItsOwnAndLeavesTheTargetUntouched() throws Exception {
		SourceComponent component = component();
		populate(7);
		Object current = snapshot();
		byte[] garbage = "this is not an artifact".getBytes();
		assertThatIOException().isThrownBy(() -> component.restore(new ByteArrayInputStream(garbage),
				new RestoreOptions(RestorePolicy.OVERWRITE), SourceComponent.Progress.NONE));
		assertThat(snapshot()).isEqualTo(current);
	}

	@Test
	void rejectsATruncatedArtifactAndLeavesTheTargetUntouched() throws Exception {
		SourceComponent component = component();
		populate(8);
		byte[] artifact = backup(component, SourceComponent.Progress.NONE);
		wipe();
		populate(9);
		Object current = snapshot();
		byte[] truncated = java.util.Arrays.copyOf(artifact, artifact.length / 2);
		assertThatIOException().isThrownBy(() -> component.restore(new ByteArrayInputStream(truncated),
				new RestoreOptions(RestorePolicy.OVERWRITE), SourceComponent.Progress.NONE));
		if (stagesRestores()) {
			assertThat(snapshot()).isEqualTo(current);
		}
	}

	/**
	 * Whether a truncated artifact is refused before the target is touched. Adapters that
	 * restore in place (a ZooKeeper restore writes znodes as it reads) return
	 * {@code false}; for them only the refusal is checked, and the service's SHA-256
	 * verification before restore is what protects the target.
	 */
	protected boolean stagesRestores() {
		return true;
	}

	/**
	 * Whether {@link SourceComponent#enumerate()} counts the content bytes as well as the
	 * items, so that a backup's progress must add up to both totals. Adapters that may
	 * count items only (ZooKeeper's fast count leaves the bytes
	 * {@link SourceComponent.Totals#UNKNOWN_BYTES unknown}) return {@code false}: for
	 * them the totals must say that the bytes are unknown, and the items must still add
	 * up.
	 */
	protected boolean countsBytes() {
		return true;
	}

	protected static byte[] backup(SourceComponent component, SourceComponent.Progress progress) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		component.backup(out, progress);
		return out.toByteArray();
	}

}
