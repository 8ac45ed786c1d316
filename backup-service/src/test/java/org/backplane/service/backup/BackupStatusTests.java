package org.backplane.service.backup;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.backplane.service.job.ComponentStatus;
import org.backplane.service.job.IllegalTransitionException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class BackupStatusTests {

	private static final Map<BackupStatus, Set<BackupStatus>> ALLOWED = Map.of(BackupStatus.STATUS_BACKING_UP,
			EnumSet.of(BackupStatus.STATUS_READY, BackupStatus.STATUS_ERROR), BackupStatus.STATUS_READY,
			EnumSet.of(BackupStatus.STATUS_RESTORING, BackupStatus.STATUS_ERROR), BackupStatus.STATUS_RESTORING,
			EnumSet.of(BackupStatus.STATUS_READY), BackupStatus.STATUS_ERROR, EnumSet.noneOf(BackupStatus.class));

	@Test
	void allowsExactlyTheTransitionsOfTheLifecycle() {
		for (BackupStatus from : BackupStatus.values()) {
			for (BackupStatus to : BackupStatus.values()) {
				boolean allowed = ALLOWED.get(from).contains(to);
				assertThat(from.canTransitionTo(to)).as(from + " -> " + to).isEqualTo(allowed);
				if (allowed) {
					assertThatNoException().isThrownBy(() -> from.checkTransition("x", to));
				}
				else {
					assertThatExceptionOfType(IllegalTransitionException.class)
						.isThrownBy(() -> from.checkTransition("x", to))
						.withMessageContaining(from.name())
						.withMessageContaining(to.name());
				}
			}
		}
	}

	@Test
	void onlyFinishedBackupsAreDeletable() {
		assertThat(EnumSet.allOf(BackupStatus.class).stream().filter(BackupStatus::isDeletable))
			.containsExactlyInAnyOrder(BackupStatus.STATUS_READY, BackupStatus.STATUS_ERROR);
	}

	@Test
	void newBackupIsBackingUpWithEveryComponentUnknown() {
		Backup backup = newBackup();
		assertThat(backup.getStatus()).isEqualTo(BackupStatus.STATUS_BACKING_UP);
		assertThat(backup.getComponents()).extracting(BackupComponent::getStatus)
			.containsOnly(ComponentStatus.STATUS_UNKNOWN);
	}

	@Test
	void readyNeedsEveryComponentReady() {
		Backup backup = newBackup();
		backup.component("a").orElseThrow().markStarted(1, 1);
		backup.component("a").orElseThrow().recordArtifact("k", 1, "0".repeat(64));
		backup.component("a").orElseThrow().markReady();
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> backup.markSucceeded(Instant.EPOCH))
			.withMessageContaining("component b");
	}

	@Test
	void failingMarksUnfinishedComponentsFailed() {
		Backup backup = newBackup();
		backup.component("a").orElseThrow().markStarted(1, 1);
		backup.markFailed("disk full", Instant.EPOCH);
		assertThat(backup.getStatus()).isEqualTo(BackupStatus.STATUS_ERROR);
		assertThat(backup.getErrorReason()).isEqualTo("disk full");
		assertThat(backup.component("a").orElseThrow().getErrorReason()).isEqualTo("disk full");
		assertThat(backup.component("b").orElseThrow().getStatus()).isEqualTo(ComponentStatus.STATUS_ERROR);
		assertThat(backup.component("b").orElseThrow().getErrorReason()).contains("before this component started");
	}

	@Test
	void restoringGoesBackToReady() {
		Backup backup = readyBackup();
		backup.markRestoring(Instant.EPOCH);
		assertThat(backup.getStatus()).isEqualTo(BackupStatus.STATUS_RESTORING);
		backup.markRestoreEnded(Instant.EPOCH);
		assertThat(backup.getStatus()).isEqualTo(BackupStatus.STATUS_READY);
	}

	@Test
	void rejectsRestoreOfFailedBackup() {
		Backup backup = newBackup();
		backup.markFailed("boom", Instant.EPOCH);
		assertThatExceptionOfType(IllegalTransitionException.class)
			.isThrownBy(() -> backup.markRestoring(Instant.EPOCH));
	}

	@Test
	void readyComponentNeedsSha256() {
		Backup backup = newBackup();
		BackupComponent a = backup.component("a").orElseThrow();
		a.markStarted(1, 1);
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> a.recordArtifact("k", 1, "nope"));
	}

	@Test
	void componentTransitionsFollowTheirTable() {
		Map<ComponentStatus, Set<ComponentStatus>> allowed = Map.of(ComponentStatus.STATUS_UNKNOWN,
				EnumSet.of(ComponentStatus.STATUS_BACKING_UP, ComponentStatus.STATUS_RESTORING,
						ComponentStatus.STATUS_ERROR),
				ComponentStatus.STATUS_BACKING_UP,
				EnumSet.of(ComponentStatus.STATUS_READY, ComponentStatus.STATUS_ERROR),
				ComponentStatus.STATUS_RESTORING,
				EnumSet.of(ComponentStatus.STATUS_READY, ComponentStatus.STATUS_ERROR), ComponentStatus.STATUS_READY,
				EnumSet.noneOf(ComponentStatus.class), ComponentStatus.STATUS_ERROR,
				EnumSet.noneOf(ComponentStatus.class));
		for (ComponentStatus from : ComponentStatus.values()) {
			for (ComponentStatus to : ComponentStatus.values()) {
				boolean ok = allowed.get(from).contains(to);
				assertThat(from.canTransitionTo(to)).as(from + " -> " + to).isEqualTo(ok);
				if (!ok) {
					assertThatExceptionOfType(IllegalTransitionException.class)
						.isThrownBy(() -> from.checkTransition("backup x", "c", to));
				}
			}
			assertThat(from.isTerminal()).isEqualTo(allowed.get(from).isEmpty());
		}
	}

	private static Backup newBackup() {
		return Backup.start("lbl-" + UUID.randomUUID(), "lbl", "1", "default", "file:///x", "tester",
				List.of(new Backup.ComponentRef("a", "t"), new Backup.ComponentRef("b", "t")), Instant.EPOCH);
	}

	private static Backup readyBackup() {
		Backup backup = newBackup();
		for (BackupComponent component : backup.getComponents()) {
			component.markStarted(1, 1);
			component.recordArtifact("k/" + component.getName(), 1, "a".repeat(64));
			component.markReady();
		}
		backup.markSucceeded(Instant.EPOCH);
		return backup;
	}

}
