package org.backplane.service.restore;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.backplane.service.job.ComponentStatus;
import org.backplane.service.job.IllegalTransitionException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RestoreStatusTests {

	@Test
	void allowsExactlyTheTransitionsOfTheLifecycle() {
		Map<RestoreStatus, Set<RestoreStatus>> allowed = Map.of(RestoreStatus.STATUS_RESTORING,
				EnumSet.of(RestoreStatus.STATUS_READY, RestoreStatus.STATUS_ERROR), RestoreStatus.STATUS_READY,
				EnumSet.noneOf(RestoreStatus.class), RestoreStatus.STATUS_ERROR, EnumSet.noneOf(RestoreStatus.class));
		for (RestoreStatus from : RestoreStatus.values()) {
			for (RestoreStatus to : RestoreStatus.values()) {
				boolean ok = allowed.get(from).contains(to);
				assertThat(from.canTransitionTo(to)).as(from + " -> " + to).isEqualTo(ok);
				if (!ok) {
					assertThatExceptionOfType(IllegalTransitionException.class)
						.isThrownBy(() -> from.checkTransition("r", to));
				}
			}
		}
	}

	@Test
	void readyNeedsEveryComponentRestored() {
		Restore restore = Restore.start("restore:x", "b", null, null, "tester", List.of("a", "b"), Instant.EPOCH);
		restore.component("a").orElseThrow().markStarted(1, 1);
		restore.component("a").orElseThrow().markReady();
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> restore.markSucceeded(Instant.EPOCH));
		restore.component("b").orElseThrow().markStarted(1, 1);
		restore.component("b").orElseThrow().markReady();
		restore.markSucceeded(Instant.EPOCH);
		assertThat(restore.getStatus()).isEqualTo(RestoreStatus.STATUS_READY);
		assertThatExceptionOfType(IllegalTransitionException.class)
			.isThrownBy(() -> restore.markFailed("late", Instant.EPOCH));
	}

	@Test
	void failingMarksUnfinishedComponentsFailed() {
		Restore restore = Restore.start("restore:x", "b", "overwrite", null, "tester", List.of("a", "b"),
				Instant.EPOCH);
		restore.component("a").orElseThrow().markStarted(1, 1);
		restore.markFailed("target refused", Instant.EPOCH);
		assertThat(restore.getComponents()).extracting(RestoreComponent::getStatus)
			.containsOnly(ComponentStatus.STATUS_ERROR);
		assertThat(restore.component("a").orElseThrow().getErrorReason()).isEqualTo("target refused");
	}

}
