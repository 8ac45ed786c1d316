package org.backplane.service.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The shared budget of transfer buffers.
 */
class TransferBudgetTests {

	private static final long MB = 1024 * 1024;

	@Test
	void tryTakeGrantsWithinTheTotalOnlyAndGiveMakesRoomAgain() {
		TransferBudget budget = TransferBudget.of(100);
		assertThat(budget.tryTake(60)).isTrue();
		assertThat(budget.tryTake(50)).isFalse();
		assertThat(budget.tryTake(40)).isTrue();
		assertThat(budget.taken()).isEqualTo(100);
		budget.give(60);
		assertThat(budget.tryTake(50)).isTrue();
		assertThat(budget.taken()).isEqualTo(90);
	}

	@Test
	void aTransfersFirstBufferIsAlwaysGrantedAndCountsAgainstTheOthers() {
		TransferBudget budget = TransferBudget.of(100);
		budget.take(80);
		budget.take(80);
		assertThat(budget.taken()).isEqualTo(160);
		assertThat(budget.tryTake(1)).isFalse();
		budget.give(80);
		assertThat(budget.tryTake(20)).isTrue();
		assertThat(budget.tryTake(1)).isFalse();
	}

	@Test
	void buffersHandedBackAreReusedAndStillCountAgainstTheBudget() {
		TransferBudget budget = TransferBudget.of(100);
		byte[] first = budget.takeBuffer(12);
		byte[] second = budget.tryTakeBuffer(12);
		assertThat(budget.tryTake(76)).isTrue();
		assertThat(budget.tryTakeBuffer(12)).as("no room for a third").isNull();
		budget.give(76);
		budget.giveBuffer(first);
		budget.giveBuffer(second);
		assertThat(budget.taken()).isZero();
		assertThat(budget.idle()).isEqualTo(24);
		assertThat(budget.tryTake(80)).as("kept buffers count against the budget until dropped").isTrue();
		assertThat(budget.idle()).as("one was dropped to make room").isEqualTo(12);
		assertThat(budget.takeBuffer(12)).as("the kept one is reused").isIn(first, second);
		assertThat(budget.idle()).isZero();
		assertThat(budget.taken()).isEqualTo(92);
	}

	@Test
	void aBufferTakenBeyondTheBudgetIsNotKept() {
		TransferBudget budget = TransferBudget.of(160);
		byte[] large = budget.takeBuffer(100);
		byte[] first = budget.takeBuffer(40);
		byte[] second = budget.takeBuffer(40);
		budget.giveBuffer(second);
		assertThat(budget.idle()).as("the sum was beyond the budget: dropped").isZero();
		budget.giveBuffer(first);
		assertThat(budget.idle()).isEqualTo(40);
		budget.giveBuffer(large);
		assertThat(budget.idle()).as("beyond a quarter of the budget: dropped").isEqualTo(40);
		assertThat(budget.taken()).isZero();
		assertThat(budget.tryTake(130)).as("the kept buffer makes room").isTrue();
		assertThat(budget.idle()).isZero();
		assertThat(budget.taken()).isEqualTo(130);
	}

	@Test
	void theKeptBuffersAreAQuarterOfTheBudgetAtMost() {
		TransferBudget budget = TransferBudget.of(400);
		java.util.List<byte[]> buffers = new java.util.ArrayList<>();
		for (int i = 0; i < 5; i++) {
			buffers.add(budget.takeBuffer(40));
		}
		buffers.forEach(budget::giveBuffer);
		assertThat(budget.idle()).isEqualTo(80);
		assertThat(budget.taken()).isZero();
		// the three dropped gave their bytes back: room for 320 beside the two kept
		assertThat(budget.tryTake(320)).isTrue();
		assertThat(budget.idle()).isEqualTo(80);
	}

	@Test
	void theServicesBudgetIsWhatTheHeapLeavesForTransfers() {
		// needed() = (threads × perJob + 64 MB) × 1.5, so a 600 MB heap leaves 336 MB:
		// four S3 transfers of 80 MB
		assertThat(TransferBudget.forHeap(600 * MB).total()).isEqualTo(336 * MB);
		assertThat(TransferBudget.forHeap(256 * MB).total()).isEqualTo(256 * MB * 2 / 3 - 64 * MB);
		assertThat(TransferBudget.forHeap(64 * MB).total()).isZero();
		assertThatIllegalArgumentException().isThrownBy(() -> TransferBudget.of(-1));
	}

	@Test
	void concurrentTakersNeverHoldMoreThanTheTotal() throws Exception {
		TransferBudget budget = TransferBudget.of(10);
		AtomicInteger held = new AtomicInteger();
		AtomicInteger most = new AtomicInteger();
		ExecutorService executor = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < 8; t++) {
				done.add(executor.submit(() -> {
					for (int i = 0; i < 20_000; i++) {
						if (budget.tryTake(3)) {
							most.accumulateAndGet(held.addAndGet(3), Math::max);
							held.addAndGet(-3);
							budget.give(3);
						}
					}
				}));
			}
			for (Future<?> future : done) {
				future.get();
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(most.get()).isLessThanOrEqualTo(9);
		assertThat(budget.taken()).isZero();
	}

}
