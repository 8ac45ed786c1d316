package org.backplane.service.backup;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.service.storage.StorageLocations;
import org.backplane.service.storage.StorageTarget;
import org.backplane.service.store.BackupManifest;
import org.backplane.service.store.BackupStore;
import org.backplane.service.store.BackupStores;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Verifies one stored backup against its manifest and the catalogue, and records the
 * outcome on it (see {@link BackupVerifications}). Needs no queue, so the kernel's jobs
 * can use it without a bean cycle.
 */
@Component
class BackupVerifier {

	static final String SIZE = "size";

	static final String FULL = "full";

	private static final Log logger = LogFactory.getLog(BackupVerifier.class);

	private final BackupRepository backups;

	private final StorageLocations locations;

	private final BackupStores stores;

	private final Clock clock;

	private final TransactionTemplate tx;

	private final Counter failures;

	BackupVerifier(BackupRepository backups, StorageLocations locations, BackupStores stores, Clock clock,
			PlatformTransactionManager transactionManager, MeterRegistry registry) {
		this.backups = backups;
		this.locations = locations;
		this.stores = stores;
		this.clock = clock;
		this.tx = new TransactionTemplate(transactionManager);
		this.failures = Counter.builder("backplane.verification.failures")
			.description("Verifications that found a backup damaged, incomplete or unreadable")
			.register(registry);
	}

	/**
	 * Verifies a backup now, on the calling thread, and records the outcome on it.
	 * @param id the backup
	 * @param depth {@code size} or {@code full}
	 * @return whether it passed; {@code true} also when there was nothing to verify (the
	 * backup is gone or no longer READY)
	 */
	boolean verifyNow(String id, String depth) {
		Instant at = this.clock.instant();
		StoredBackup backup;
		Backup row = this.backups.findById(id).orElse(null);
		if (row == null
				|| (row.getStatus() != BackupStatus.STATUS_READY && row.getStatus() != BackupStatus.STATUS_RESTORING)) {
			return true;
		}
		backup = StoredBackup.of(row);
		List<String> problems = new ArrayList<>();
		try {
			StorageTarget target = this.locations.existingTarget(backup.storageLocation(), backup.storagePlacement(),
					null);
			try (BackupStore store = this.stores.open(target)) {
				problems.addAll(check(store, backup, depth));
			}
		}
		catch (IOException | RuntimeException ex) {
			problems.add("storage could not be read: " + ex.getMessage());
		}
		boolean passed = problems.isEmpty();
		String detail = passed
				? (FULL.equals(depth)
						? "manifest, sizes and SHA-256 of " + backup.components().size() + " artifact(s) match"
						: "manifest and sizes of " + backup.components().size() + " artifact(s) match")
				: String.join("; ", problems);
		// the row may change meanwhile (a restore begins or ends): read it again and
		// retry,
		// so the outcome is never lost and the verification never stays RUNNING
		for (int attempt = 1;; attempt++) {
			try {
				this.tx.executeWithoutResult((status) -> this.backups.findById(id).ifPresent((current) -> {
					current.verificationEnded(depth, at, passed, detail);
					this.backups.saveAndFlush(current);
				}));
				break;
			}
			catch (OptimisticLockingFailureException ex) {
				if (attempt == 5) {
					throw ex;
				}
			}
		}
		if (passed) {
			logger.info("Verification passed: backupId=" + id + " depth=" + depth);
		}
		else {
			this.failures.increment();
			logger.warn("Verification failed: backupId=" + id + " depth=" + depth + " detail=" + detail);
		}
		return passed;
	}

	private static List<String> check(BackupStore store, StoredBackup backup, String depth) throws IOException {
		List<String> problems = new ArrayList<>();
		BackupManifest manifest;
		try {
			manifest = store.readManifest(backup.id());
		}
		catch (IOException ex) {
			problems.add(ex.getMessage());
			return problems;
		}
		for (StoredBackup.StoredComponent component : backup.components()) {
			BackupManifest.Component stored = manifest.component(component.name());
			if (stored == null || !Objects.equals(stored.artifactKey(), component.artifactKey())
					|| !Objects.equals(stored.sha256(), component.sha256())
					|| !Objects.equals(stored.sizeBytes(), component.sizeBytes())) {
				problems.add("component " + component.name() + ": the manifest does not match the catalogue");
				continue;
			}
			OptionalLong size = store.sizeOf(stored.artifactKey());
			if (size.isEmpty()) {
				problems.add("component " + component.name() + ": artifact " + stored.artifactKey()
						+ " is missing on storage");
				continue;
			}
			if (size.getAsLong() != stored.sizeBytes()) {
				problems.add("component " + component.name() + ": artifact " + stored.artifactKey() + " has "
						+ size.getAsLong() + " bytes, the manifest says " + stored.sizeBytes());
				continue;
			}
			if (FULL.equals(depth)) {
				try {
					store.verifyArtifact(stored.artifactKey(), stored.sha256());
				}
				catch (IOException ex) {
					problems.add("component " + component.name() + ": "
							+ String.valueOf(ex.getMessage()).replace("; nothing was restored", ""));
				}
			}
		}
		if (manifest.components().size() != backup.components().size()) {
			problems.add("the manifest lists " + manifest.components().size() + " component(s), the catalogue "
					+ backup.components().size());
		}
		return problems;
	}

	/**
	 * One page of the ids of the READY backups, in id order, for the verification
	 * schedule.
	 * @param after the last id of the previous page ({@code ""} for the first)
	 * @param pageSize the page's size
	 * @return the ids; fewer than {@code pageSize} on the last page
	 */
	List<String> readyIds(String after, int pageSize) {
		return this.backups.findReadyIdsAfter(after, Limit.of(pageSize));
	}

}
