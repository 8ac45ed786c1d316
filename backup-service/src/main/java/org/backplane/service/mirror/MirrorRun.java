package org.backplane.service.mirror;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;
import org.backplane.service.job.CatalogueRun;
import org.backplane.service.job.Progress;
import org.backplane.service.source.MirrorOutcome;
import org.backplane.service.source.MirroredSourceComponent.MirrorResult;
import org.hibernate.annotations.DynamicUpdate;

/**
 * One native mirror run of one component: queued and run on the run kernel, its counters
 * recorded when it is {@link MirrorRunStatus#STATUS_READY}.
 */
@Entity
@Table(name = "mirror_run")
@DynamicUpdate
public class MirrorRun extends CatalogueRun<MirrorRunComponent> {

	@Column(nullable = false)
	private String component;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private MirrorRunStatus status;

	@Column(name = "created_by", nullable = false)
	private String createdBy;

	// the backup that ran this mirror (MIRROR=true), null for a run started on its own
	@Column(name = "backup_id")
	private String backupId;

	@Column(name = "buckets")
	private String buckets;

	@Column(name = "objects")
	private Long objects;

	@Column(name = "copied")
	private Long copied;

	@Column(name = "copied_bytes")
	private Long copiedBytes;

	@Column(name = "unchanged")
	private Long unchanged;

	@Column(name = "deleted_objects")
	private Long deletedObjects;

	@Column(name = "deleted_buckets")
	private String deletedBuckets;

	@OneToMany(mappedBy = "run", cascade = CascadeType.ALL, orphanRemoval = true, fetch = FetchType.EAGER)
	private List<MirrorRunComponent> components = new ArrayList<>();

	protected MirrorRun() {
	}

	private MirrorRun(String id, Instant now) {
		super(id, now);
	}

	/**
	 * A run that a backup ran, recorded once it ended.
	 * @param id the run's id
	 * @param outcome how it ended
	 * @param now the time it is recorded
	 * @return the run, READY with its counters or ERROR with the reason
	 */
	static MirrorRun ofBackup(String id, MirrorOutcome outcome, Instant now) {
		MirrorRun run = start(id, outcome.component(), outcome.createdBy(), outcome.startedAt());
		run.backupId = outcome.backupId();
		MirrorRunComponent component = run.components.get(0);
		component.markStarted(0, Progress.UNKNOWN_BYTES);
		component.getProgress().setCompleted(outcome.objectsLookedAt(), outcome.bytesLookedAt());
		run.sumProgress();
		if (outcome.result() != null) {
			component.markReady();
			run.record(outcome.result());
			run.markSucceeded(now);
		}
		else {
			run.markFailed(outcome.errorReason(), now);
		}
		return run;
	}

	static MirrorRun start(String id, String component, String createdBy, Instant now) {
		MirrorRun run = new MirrorRun(id, now);
		run.component = Objects.requireNonNull(component);
		run.createdBy = Objects.requireNonNull(createdBy);
		run.status = MirrorRunStatus.STATUS_MIRRORING;
		run.components.add(new MirrorRunComponent(run, component));
		return run;
	}

	/**
	 * Records what the run did, before it is marked succeeded.
	 * @param result the mirror's result
	 */
	void record(MirrorResult result) {
		StringBuilder pairs = new StringBuilder();
		result.buckets().forEach((source, mirror) -> pairs.append(source).append('\t').append(mirror).append('\n'));
		this.buckets = pairs.toString();
		this.objects = result.objects();
		this.copied = result.copied();
		this.copiedBytes = result.copiedBytes();
		this.unchanged = result.unchanged();
		this.deletedObjects = result.deletedObjects();
		this.deletedBuckets = String.join("\n", result.deletedBuckets());
	}

	@Override
	protected void toSucceeded(Instant now) {
		transition(MirrorRunStatus.STATUS_READY, now);
	}

	@Override
	protected void toFailed(Instant now) {
		transition(MirrorRunStatus.STATUS_ERROR, now);
	}

	@Override
	protected String notStartedReason() {
		return "Not mirrored: the run failed before the mirror started";
	}

	@Override
	public String statusName() {
		return this.status.name();
	}

	private void transition(MirrorRunStatus target, Instant now) {
		this.status.checkTransition(getId(), target);
		this.status = target;
		updated(now);
	}

	public String getComponent() {
		return this.component;
	}

	public MirrorRunStatus getStatus() {
		return this.status;
	}

	public String getBackupId() {
		return this.backupId;
	}

	public String getCreatedBy() {
		return this.createdBy;
	}

	/**
	 * @return each source bucket and its mirror bucket, or {@code null} until the run is
	 * READY
	 */
	public Map<String, String> getBuckets() {
		if (this.buckets == null) {
			return null;
		}
		Map<String, String> pairs = new LinkedHashMap<>();
		for (String line : this.buckets.split("\n")) {
			int tab = line.indexOf('\t');
			if (tab > 0) {
				pairs.put(line.substring(0, tab), line.substring(tab + 1));
			}
		}
		return pairs;
	}

	public Long getObjects() {
		return this.objects;
	}

	public Long getCopied() {
		return this.copied;
	}

	public Long getCopiedBytes() {
		return this.copiedBytes;
	}

	public Long getUnchanged() {
		return this.unchanged;
	}

	public Long getDeletedObjects() {
		return this.deletedObjects;
	}

	/**
	 * @return the mirror buckets deleted, or {@code null} until the run is READY
	 */
	public List<String> getDeletedBuckets() {
		if (this.deletedBuckets == null) {
			return null;
		}
		return this.deletedBuckets.isEmpty() ? List.of() : Arrays.asList(this.deletedBuckets.split("\n"));
	}

	@Override
	public List<MirrorRunComponent> getComponents() {
		return Collections.unmodifiableList(this.components);
	}

}
