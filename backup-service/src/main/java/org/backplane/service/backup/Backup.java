package org.backplane.service.backup;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import org.hibernate.annotations.DynamicUpdate;

/**
 * A backup in the catalogue. Its status changes only through the intent methods, which
 * check {@link BackupStatus}'s table; every save is a compare-and-set
 * ({@link CatalogueRun}).
 */
@Entity
@Table(name = "backup")
@DynamicUpdate
public class Backup extends CatalogueRun {

	@Column(nullable = false)
	private String label;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private BackupStatus status;

	@Column(name = "service_version", nullable = false)
	private String serviceVersion;

	@Column(name = "storage_location", nullable = false)
	private String storageLocation;

	@Column(name = "storage_uri", nullable = false)
	private String storageUri;

	/**
	 * Per-request parameters that chose where in the location it lives (bucket, endpoint,
	 * ...), never secrets.
	 */
	@Column(name = "storage_parameters")
	private String storageParameters;

	@Column(name = "size_bytes", nullable = false)
	private long sizeBytes;

	@OneToMany(mappedBy = "backup", cascade = CascadeType.ALL, orphanRemoval = true, fetch = FetchType.EAGER)
	@OrderBy("position")
	private List<BackupComponent> components = new ArrayList<>();

	protected Backup() {
	}

	private Backup(String id, Instant now) {
		super(id, now);
	}

	/**
	 * A new backup in {@link BackupStatus#STATUS_BACKING_UP}, each component
	 * {@code STATUS_UNKNOWN}.
	 * @param id its id
	 * @param label its label
	 * @param serviceVersion the service's version
	 * @param storageLocation the storage location's name
	 * @param storageUri the location's URI, secrets redacted
	 * @param components component names and types, in backup order; not empty
	 * @param now the time
	 * @return the backup
	 */
	public static Backup start(String id, String label, String serviceVersion, String storageLocation,
			String storageUri, List<ComponentRef> components, Instant now) {
		if (components.isEmpty()) {
			throw new IllegalArgumentException("A backup needs at least one component");
		}
		Backup backup = new Backup(id, now);
		backup.label = Objects.requireNonNull(label);
		backup.serviceVersion = serviceVersion;
		backup.storageLocation = storageLocation;
		backup.storageUri = storageUri;
		backup.status = BackupStatus.STATUS_BACKING_UP;
		int position = 0;
		for (ComponentRef ref : components) {
			backup.components.add(new BackupComponent(backup, ref.name(), ref.type(), position++));
		}
		return backup;
	}

	/**
	 * Marks the backup complete.
	 * @param now the time
	 */
	public void markReady(Instant now) {
		transition(BackupStatus.STATUS_READY, now);
		for (BackupComponent component : this.components) {
			if (component.getStatus() != ComponentStatus.STATUS_READY) {
				throw new IllegalStateException("Backup " + getId() + " cannot be READY: component "
						+ component.getName() + " is " + component.getStatus());
			}
		}
		this.sizeBytes = this.components.stream()
			.mapToLong((c) -> (c.getSizeBytes() != null) ? c.getSizeBytes() : 0)
			.sum();
		completed(now);
	}

	/**
	 * Marks the backup failed; components not finished become {@code STATUS_ERROR} too.
	 * @param reason why, shown to users; never holds secrets
	 * @param now the time
	 */
	public void markFailed(String reason, Instant now) {
		transition(BackupStatus.STATUS_ERROR, now);
		failed(reason, now);
		for (BackupComponent component : this.components) {
			if (!component.getStatus().isTerminal()) {
				component.markFailed((component.getStatus() == ComponentStatus.STATUS_UNKNOWN)
						? "Not backed up: the backup failed before this component started" : reason);
			}
		}
	}

	/**
	 * Marks that a restore from this backup started.
	 * @param now the time
	 */
	public void markRestoring(Instant now) {
		transition(BackupStatus.STATUS_RESTORING, now);
	}

	/**
	 * Marks that the restore from this backup ended, whatever its outcome.
	 * @param now the time
	 */
	public void markRestoreEnded(Instant now) {
		transition(BackupStatus.STATUS_READY, now);
	}

	private void transition(BackupStatus target, Instant now) {
		this.status.checkTransition(getId(), target);
		this.status = target;
		updated(now);
	}

	/**
	 * @param name a component's name
	 * @return the component
	 */
	public Optional<BackupComponent> component(String name) {
		return this.components.stream().filter((c) -> c.getName().equals(name)).findFirst();
	}

	/**
	 * Recomputes overall progress from the components'.
	 */
	public void sumProgress() {
		getProgress().sumOf(this.components.stream().map(BackupComponent::getProgress).toList());
	}

	public String getLabel() {
		return this.label;
	}

	public BackupStatus getStatus() {
		return this.status;
	}

	public String getServiceVersion() {
		return this.serviceVersion;
	}

	public String getStorageLocation() {
		return this.storageLocation;
	}

	public String getStorageUri() {
		return this.storageUri;
	}

	/**
	 * @return the per-request parameters that placed this backup inside its location
	 * (bucket, endpoint, region, container, account), to be applied again to restore and
	 * delete it; empty when none. Never secrets.
	 */
	public Map<String, String> getStorageParameters() {
		Map<String, String> parameters = new LinkedHashMap<>();
		if (this.storageParameters != null && !this.storageParameters.isEmpty()) {
			for (String pair : this.storageParameters.split("&")) {
				int eq = pair.indexOf('=');
				parameters.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
						URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
			}
		}
		return Collections.unmodifiableMap(parameters);
	}

	/**
	 * Records the per-request parameters that place this backup inside its location.
	 * @param parameters non-secret placement parameters, possibly empty
	 */
	public void placeWith(Map<String, String> parameters) {
		StringBuilder encoded = new StringBuilder();
		parameters.forEach((name, value) -> {
			encoded.append((encoded.length() > 0) ? "&" : "")
				.append(URLEncoder.encode(name, StandardCharsets.UTF_8))
				.append('=')
				.append(URLEncoder.encode(value, StandardCharsets.UTF_8));
		});
		this.storageParameters = (encoded.length() > 0) ? encoded.toString() : null;
	}

	public long getSizeBytes() {
		return this.sizeBytes;
	}

	public List<BackupComponent> getComponents() {
		return Collections.unmodifiableList(this.components);
	}

	/**
	 * A component to back up: its name and type.
	 *
	 * @param name the component's name
	 * @param type its type
	 */
	public record ComponentRef(String name, String type) {
	}

}
