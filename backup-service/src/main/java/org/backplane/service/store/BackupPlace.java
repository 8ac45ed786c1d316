package org.backplane.service.store;

import java.util.Objects;

/**
 * Where a backup's objects lie under its storage target: Backplane's own layout
 * ({@code backups/<id>/…}) or the layout of a data-service snapshot
 * ({@code <snapshot>/…}), see {@code docs/storage-layout.md} and {@code docs/plans.md}.
 *
 * @param backupId the backup's id
 * @param layout {@code null} for Backplane's own layout, {@link #S3} or {@link #AZURE}
 * for a snapshot's
 * @param snapshot the snapshot's name for a snapshot layout, else {@code null}
 */
public record BackupPlace(String backupId, String layout, String snapshot) {

	/** Plain objects per file: {@code <snapshot>/node-N/<path>}. */
	public static final String S3 = "s3";

	/** One tar.gz per node: {@code <snapshot>/node-N.tar.gz}. */
	public static final String AZURE = "azure";

	public BackupPlace {
		Objects.requireNonNull(backupId, "backupId");
		if (layout != null && !layout.equals(S3) && !layout.equals(AZURE)) {
			throw new IllegalArgumentException("Unknown layout " + layout);
		}
		if ((layout == null) != (snapshot == null)) {
			throw new IllegalArgumentException("A snapshot layout needs a snapshot name, and only it");
		}
	}

	/**
	 * Backplane's own layout.
	 * @param backupId the backup's id
	 * @return the place
	 */
	public static BackupPlace of(String backupId) {
		return new BackupPlace(backupId, null, null);
	}

	/**
	 * @return whether this is a data-service snapshot's layout
	 */
	public boolean isSnapshot() {
		return this.layout != null;
	}

	/**
	 * @return whether nodes are stored as plain files rather than one tar.gz each
	 */
	public boolean plainFiles() {
		return S3.equals(this.layout);
	}

}
