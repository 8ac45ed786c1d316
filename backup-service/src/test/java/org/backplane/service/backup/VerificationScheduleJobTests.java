package org.backplane.service.backup;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The verification schedule's rotation: with subset {@code n/t}, {@code t/n} runs read
 * every backup, and with {@code 1/t} exactly once every {@code t} runs; the cron may end
 * with a time zone.
 */
class VerificationScheduleJobTests {

	private final List<String> ids = IntStream.range(0, 500).mapToObj((i) -> "nightly-" + UUID.randomUUID()).toList();

	@Test
	void oneOfTReadsEveryBackupExactlyOnceEveryTRuns() {
		for (long start : new long[] { 0, 13 }) {
			Map<String, Integer> reads = reads(start, 7, 1, 7);
			assertThat(reads).hasSize(this.ids.size());
			assertThat(reads.values()).containsOnly(1);
		}
	}

	@Test
	void nOfTReadsEveryBackupWithinTOverNRuns() {
		Map<String, Integer> reads = reads(5, 4, 3, 12);
		assertThat(reads).hasSize(this.ids.size());
		assertThat(reads.values()).containsOnly(1);
		// 3 of 7: ceil(7/3) = 3 runs read everything, some twice
		assertThat(reads(0, 3, 3, 7)).hasSize(this.ids.size());
		assertThat(reads(0, 2, 3, 7)).hasSizeLessThan(this.ids.size());
	}

	@Test
	void eachRunReadsAboutItsShare() {
		long read = this.ids.stream().filter((id) -> VerificationScheduleJob.inRound(id, 0, 1, 5)).count();
		assertThat(read).isBetween(60L, 140L);
	}

	@Test
	void theCronMayEndWithATimeZone() {
		assertThat(VerificationScheduleJob.cronOf("0 0 4 * * * Europe/Paris")).isEqualTo("0 0 4 * * *");
		assertThat(VerificationScheduleJob.zoneOf("0 0 4 * * * Europe/Paris").getId()).isEqualTo("Europe/Paris");
		assertThatIllegalArgumentException().isThrownBy(() -> VerificationScheduleJob.cronOf("0 4 * * *"))
			.withMessageContaining("six fields");
		assertThatIllegalArgumentException().isThrownBy(() -> VerificationScheduleJob.zoneOf("0 0 4 * * * Mars/Base"))
			.withMessageContaining("not a time zone");
	}

	private Map<String, Integer> reads(long firstRound, int rounds, int n, int t) {
		Map<String, Integer> reads = new HashMap<>();
		for (long round = firstRound; round < firstRound + rounds; round++) {
			for (String id : this.ids) {
				if (VerificationScheduleJob.inRound(id, round, n, t)) {
					reads.merge(id, 1, Integer::sum);
				}
			}
		}
		return reads;
	}

}
