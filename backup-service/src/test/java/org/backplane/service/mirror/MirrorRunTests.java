package org.backplane.service.mirror;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.backplane.service.job.IllegalTransitionException;
import org.backplane.service.source.MirroredSourceComponent.MirrorResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The mirror run aggregate: its counters kept as they were recorded, and its lifecycle.
 */
class MirrorRunTests {

	private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

	@Test
	void keepsTheResultItRecorded() {
		MirrorRun run = MirrorRun.start("mirror:1", "minio", "alice", NOW);
		assertThat(run.getStatus()).isEqualTo(MirrorRunStatus.STATUS_MIRRORING);
		assertThat(run.getBuckets()).isNull();
		assertThat(run.getDeletedBuckets()).isNull();
		Map<String, String> buckets = new LinkedHashMap<>();
		buckets.put("photos", "minio-photos");
		buckets.put("logs 2026", "minio-logs 2026");
		run.record(new MirrorResult(buckets, 10, 3, 300, 7, 1, List.of()));
		assertThat(run.getBuckets()).containsExactlyEntriesOf(buckets);
		assertThat(run.getDeletedBuckets()).isEmpty();
		assertThat(run.getObjects()).isEqualTo(10);
		assertThat(run.getCopied()).isEqualTo(3);
		assertThat(run.getCopiedBytes()).isEqualTo(300);
		assertThat(run.getUnchanged()).isEqualTo(7);
		assertThat(run.getDeletedObjects()).isEqualTo(1);
		run.record(new MirrorResult(Map.of(), 0, 0, 0, 0, 0, List.of("minio-a", "minio-b")));
		assertThat(run.getBuckets()).isEmpty();
		assertThat(run.getDeletedBuckets()).containsExactly("minio-a", "minio-b");
	}

	@Test
	void endsOnceReadyOrError() {
		MirrorRun run = MirrorRun.start("mirror:2", "minio", "alice", NOW);
		run.getComponents().get(0).markStarted(0, 0);
		run.getComponents().get(0).markReady();
		run.markSucceeded(NOW);
		assertThat(run.getStatus()).isEqualTo(MirrorRunStatus.STATUS_READY);
		assertThat(run.isRunning()).isFalse();
		assertThatExceptionOfType(IllegalTransitionException.class).isThrownBy(() -> run.markFailed("late", NOW));
		MirrorRun failed = MirrorRun.start("mirror:3", "minio", "alice", NOW);
		failed.markFailed("interrupted: the runner stopped", NOW);
		assertThat(failed.getStatus()).isEqualTo(MirrorRunStatus.STATUS_ERROR);
		assertThat(failed.getComponents().get(0).getErrorReason())
			.isEqualTo("Not mirrored: the run failed before the mirror started");
	}

}
