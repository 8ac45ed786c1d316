package org.backplane.service.job;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressTests {

	@Test
	void unknownBytesTotalOfAnyPartMakesTheSumsBytesTotalUnknown() {
		Progress known = new Progress();
		known.setTotals(10, 1000);
		known.setDone(4, 400);
		Progress itemsOnly = new Progress();
		itemsOnly.setTotals(20, Progress.UNKNOWN_BYTES);
		itemsOnly.setDone(5, 50);
		Progress sum = new Progress();
		sum.sumOf(List.of(known, itemsOnly));
		assertThat(wire(sum)).isEqualTo(new org.backplane.client.model.Progress(9, 30, 450, -1));
		assertThat(wire(sum).fraction()).isEqualTo(0.3);
		sum.sumOf(List.of(known, known));
		assertThat(sum.getBytesTotal()).isEqualTo(2000);
	}

	@Test
	void completedCopySetsTheTotalsToWhatWasCopied() {
		Progress progress = new Progress();
		progress.setTotals(204, Progress.UNKNOWN_BYTES);
		progress.setCompleted(202, 1890);
		assertThat(wire(progress)).isEqualTo(new org.backplane.client.model.Progress(202, 202, 1890, 1890));
	}

	private static org.backplane.client.model.Progress wire(Progress progress) {
		return new org.backplane.client.model.Progress(progress.getItemsDone(), progress.getItemsTotal(),
				progress.getBytesDone(), progress.getBytesTotal());
	}

}
