package org.backplane.service.store;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.io.input.CloseShieldInputStream;
import org.apache.commons.io.output.CloseShieldOutputStream;
import org.backplane.service.storage.StorageKeyExistsException;
import org.backplane.service.storage.StorageKeys;
import org.backplane.service.storage.StorageProvider;
import org.backplane.service.support.Ids;
import org.backplane.service.support.InvalidRequestException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A backup as one tar file (Apache Commons Compress): {@code backup.json}, the manifest
 * as stored, first, then each component's artifact under its file name
 * ({@code <component>.<extension>}), in the manifest's order. Written and read as a
 * stream: memory does not grow with the backup's size, nothing is staged. POSIX (PAX)
 * headers carry sizes over 8 GiB.
 */
public final class BackupArchive {

	/** The manifest's entry name, the archive's first entry. */
	public static final String MANIFEST_ENTRY = StorageLayout.MANIFEST;

	/** The largest manifest accepted in an archive. */
	static final int MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

	private BackupArchive() {
	}

	/**
	 * Writes a stored backup as one tar: its manifest, then its artifacts, each SHA-256
	 * checked while it streams (a damaged artifact ends the stream with an error, never a
	 * silently wrong archive).
	 * @param provider where it is stored
	 * @param reader reads manifests
	 * @param backupId the backup
	 * @param out where the tar goes; not closed
	 * @throws IOException if storage fails or an artifact does not match its manifest
	 */
	static void write(StorageProvider provider, JsonMapper reader, String backupId, OutputStream out)
			throws IOException {
		String manifestKey = StorageLayout.manifestKey(backupId);
		byte[] manifestBytes;
		try (InputStream in = provider.get(manifestKey)) {
			manifestBytes = in.readNBytes(MAX_MANIFEST_BYTES + 1);
		}
		if (manifestBytes.length > MAX_MANIFEST_BYTES) {
			throw new IOException("The manifest of backup " + backupId + " is larger than 16 MiB");
		}
		BackupManifest manifest = reader.readValue(manifestBytes, BackupManifest.class);
		TarArchiveOutputStream tar = new TarArchiveOutputStream(CloseShieldOutputStream.wrap(out));
		tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
		tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
		TarArchiveEntry head = new TarArchiveEntry(MANIFEST_ENTRY);
		head.setSize(manifestBytes.length);
		head.setModTime(manifest.completedAt().getEpochSecond() * 1000);
		tar.putArchiveEntry(head);
		tar.write(manifestBytes);
		tar.closeArchiveEntry();
		for (BackupManifest.Component component : manifest.components()) {
			TarArchiveEntry entry = new TarArchiveEntry(fileName(backupId, component));
			entry.setSize(component.sizeBytes());
			entry.setModTime(manifest.completedAt().getEpochSecond() * 1000);
			tar.putArchiveEntry(entry);
			try (InputStream in = Artifacts.openVerified(provider, component.artifactKey(), component.sha256())) {
				in.transferTo(tar);
			}
			tar.closeArchiveEntry();
		}
		tar.finish();
		tar.close();
	}

	/**
	 * The name of a component's artifact inside its backup's folder (and in an archive).
	 * @param backupId the backup
	 * @param component the component's manifest entry
	 * @return e.g. {@code alpha.tar.gz}
	 * @throws IllegalArgumentException if the key is not under the backup's folder
	 */
	static String fileName(String backupId, BackupManifest.Component component) {
		String prefix = StorageLayout.backupPrefix(backupId);
		String key = component.artifactKey();
		if (key == null || !key.startsWith(prefix) || key.indexOf('/', prefix.length()) >= 0) {
			throw new IllegalArgumentException(
					"The artifact of component " + component.name() + " is not in the folder of backup " + backupId);
		}
		return key.substring(prefix.length());
	}

	/**
	 * Starts reading an uploaded archive: reads and checks its manifest (the first
	 * entry). Nothing is stored yet.
	 * @param in the upload, read as a stream
	 * @param maxBytes the largest upload accepted
	 * @param reader reads manifests
	 * @return the import, to continue with {@link Import#storeArtifacts}
	 * @throws InvalidRequestException if the archive or its manifest is not valid
	 */
	static Import open(InputStream in, long maxBytes, JsonMapper reader) {
		UploadStream upload = new UploadStream(in, maxBytes);
		TarArchiveInputStream tar = new TarArchiveInputStream(upload);
		TarArchiveEntry first = upload.entry(tar);
		if (first == null || !first.isFile() || !MANIFEST_ENTRY.equals(first.getName())) {
			throw new InvalidRequestException("The archive must begin with " + MANIFEST_ENTRY
					+ " (a tar written by GET /api/v1/backups/{id}/archive or 'dcos backup download'); it begins with "
					+ ((first != null) ? "'" + Ids.printable(first.getName()) + "'" : "nothing"));
		}
		if (first.getSize() > MAX_MANIFEST_BYTES) {
			throw new InvalidRequestException("The archive's " + MANIFEST_ENTRY + " is larger than 16 MiB");
		}
		byte[] manifestBytes = upload.readEntry(tar, (int) first.getSize());
		BackupManifest manifest;
		try {
			manifest = reader.readValue(manifestBytes, BackupManifest.class);
		}
		catch (RuntimeException ex) {
			throw new InvalidRequestException(
					"The archive's " + MANIFEST_ENTRY + " is not a backup manifest: " + Ids.printable(String
						.valueOf((ex instanceof JacksonException json) ? json.getOriginalMessage() : ex.getMessage())));
		}
		check(manifest);
		return new Import(upload, tar, manifest, manifestBytes);
	}

	/**
	 * Checks a manifest read from outside (an upload, or storage the catalogue does not
	 * know yet): a format this version reads, a valid id and label, at least one
	 * component, each named once, each artifact in the backup's folder with a size and a
	 * SHA-256.
	 * @param manifest the manifest
	 * @throws InvalidRequestException saying what is wrong
	 */
	static void check(BackupManifest manifest) {
		if (manifest.formatVersion() < 1 || manifest.formatVersion() > BackupManifest.FORMAT_VERSION) {
			throw new InvalidRequestException("The manifest has format version " + manifest.formatVersion()
					+ ", which this version of Backplane does not read (it reads 1 to " + BackupManifest.FORMAT_VERSION
					+ ")");
		}
		String id = manifest.backupId();
		if (id == null || !Ids.isBackupId(id)) {
			throw new InvalidRequestException(
					"The manifest's backupId '" + Ids.printable(String.valueOf(id)) + "' is not a backup id");
		}
		if (manifest.label() == null || !Ids.isValidLabel(manifest.label()) || !id.startsWith(manifest.label() + "-")) {
			throw new InvalidRequestException("The manifest's label '" + Ids.printable(String.valueOf(manifest.label()))
					+ "' is not the label of backup " + id);
		}
		if (manifest.createdAt() == null || manifest.serviceVersion() == null) {
			throw new InvalidRequestException("The manifest of backup " + id + " lacks createdAt or serviceVersion");
		}
		if (manifest.components() == null || manifest.components().isEmpty()) {
			throw new InvalidRequestException("The manifest of backup " + id + " lists no component");
		}
		Set<String> names = new HashSet<>();
		for (BackupManifest.Component component : manifest.components()) {
			if (component.name() == null || !component.name().matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}")
					|| !names.add(component.name())) {
				throw new InvalidRequestException("The manifest of backup " + id + " names a component '"
						+ Ids.printable(String.valueOf(component.name())) + "' that is not valid or is named twice");
			}
			try {
				String file = fileName(id, component);
				if (!file.startsWith(component.name() + ".") || file.equals(MANIFEST_ENTRY)) {
					throw new IllegalArgumentException("not the component's artifact");
				}
				StorageKeys.check(component.artifactKey());
			}
			catch (RuntimeException ex) {
				throw new InvalidRequestException("The manifest of backup " + id + " gives component "
						+ component.name() + " an artifact key that is not in the backup's folder");
			}
			if (component.type() == null || component.sizeBytes() < 0 || component.sha256() == null
					|| !component.sha256().matches("[0-9a-f]{64}")) {
				throw new InvalidRequestException("The manifest of backup " + id + " gives component "
						+ component.name() + " no type, a negative size or no SHA-256");
			}
		}
	}

	/**
	 * An upload being imported: its manifest read; then its artifacts stored and checked
	 * ({@link #storeArtifacts}); then the manifest stored, last ({@link #storeManifest}).
	 * {@link #discard} removes what it stored.
	 */
	public static final class Import {

		private final UploadStream upload;

		private final TarArchiveInputStream tar;

		private final BackupManifest manifest;

		private final byte[] manifestBytes;

		private final List<String> stored = new ArrayList<>();

		private Import(UploadStream upload, TarArchiveInputStream tar, BackupManifest manifest, byte[] manifestBytes) {
			this.upload = upload;
			this.tar = tar;
			this.manifest = manifest;
			this.manifestBytes = manifestBytes;
		}

		/**
		 * @return the archive's manifest, checked
		 */
		public BackupManifest manifest() {
			return this.manifest;
		}

		/**
		 * Stores each artifact the manifest lists, in its order, from the archive, and
		 * checks its size and SHA-256 against the manifest while it streams.
		 * @param provider where to store
		 * @throws InvalidRequestException if an entry is missing, extra, out of order,
		 * truncated or does not match the manifest (what was stored is then removed by
		 * {@link #discard})
		 * @throws StorageKeyExistsException if storage already holds one of its objects
		 * @throws IOException if storage fails
		 */
		void storeArtifacts(StorageProvider provider) throws IOException {
			String id = this.manifest.backupId();
			for (BackupManifest.Component component : this.manifest.components()) {
				String expected = fileName(id, component);
				TarArchiveEntry entry = this.upload.entry(this.tar);
				if (entry == null) {
					throw new InvalidRequestException("The archive of backup " + id + " ends before the artifact "
							+ expected + " of component " + component.name() + ": it is truncated");
				}
				if (!entry.isFile() || !expected.equals(entry.getName())) {
					throw new InvalidRequestException(
							"The archive of backup " + id + " has '" + Ids.printable(entry.getName())
									+ "' where the manifest's next artifact " + expected + " should be");
				}
				if (entry.getSize() != component.sizeBytes()) {
					throw new InvalidRequestException("The artifact " + expected + " in the archive has "
							+ entry.getSize() + " bytes; the manifest says " + component.sizeBytes());
				}
				MessageDigest digest = Artifacts.sha256();
				long size;
				try (InputStream in = new DigestInputStream(this.upload.entryContent(this.tar), digest)) {
					size = provider.put(component.artifactKey(), in);
				}
				catch (IOException | RuntimeException ex) {
					this.upload.rethrowIfUploadFailed(ex);
					throw ex;
				}
				this.stored.add(component.artifactKey());
				this.upload.rethrowIfUploadFailed(null);
				String sha256 = HexFormat.of().formatHex(digest.digest());
				if (size != component.sizeBytes() || !sha256.equals(component.sha256())) {
					throw new InvalidRequestException("The artifact " + expected + " in the archive of backup " + id
							+ " does not match its manifest (size " + size + ", SHA-256 " + sha256
							+ "; the manifest says " + component.sizeBytes() + ", " + component.sha256()
							+ "): the file is damaged");
				}
			}
			TarArchiveEntry extra = this.upload.entry(this.tar);
			if (extra != null) {
				throw new InvalidRequestException("The archive of backup " + id + " has an entry '"
						+ Ids.printable(extra.getName()) + "' its manifest does not list");
			}
		}

		/**
		 * Stores the manifest as it came in the archive, last.
		 * @param provider where to store
		 * @throws IOException if storage fails
		 */
		void storeManifest(StorageProvider provider) throws IOException {
			String key = StorageLayout.manifestKey(this.manifest.backupId());
			provider.put(key, new ByteArrayInputStream(this.manifestBytes));
			this.stored.add(key);
		}

		/**
		 * Removes what this import stored, the manifest first.
		 * @param provider where it stored
		 */
		void discard(StorageProvider provider) {
			for (int i = this.stored.size() - 1; i >= 0; i--) {
				try {
					provider.delete(this.stored.get(i));
				}
				catch (IOException | RuntimeException ex) {
					// best effort: an object left without its manifest is an incomplete
					// backup
				}
			}
			this.stored.clear();
		}

	}

	/**
	 * The upload: counts what is read against the cap, and remembers a failure to read it
	 * (truncated, malformed, too large), which is the client's fault (400), apart from
	 * storage's (503).
	 */
	private static final class UploadStream extends FilterInputStream {

		private final long maxBytes;

		private long read;

		private InvalidRequestException failure;

		UploadStream(InputStream in, long maxBytes) {
			super(in);
			this.maxBytes = maxBytes;
		}

		@Override
		public int read() throws IOException {
			int b = super.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			int n = super.read(b, off, len);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		@Override
		public long skip(long n) throws IOException {
			long skipped = super.skip(n);
			if (skipped > 0) {
				count(skipped);
			}
			return skipped;
		}

		private void count(long n) throws IOException {
			this.read += n;
			if (this.read > this.maxBytes) {
				throw fail(new InvalidRequestException("The archive is larger than " + this.maxBytes
						+ " bytes (backplane.archive.max-upload-size): raise the limit to upload it"));
			}
		}

		private InvalidRequestException fail(InvalidRequestException ex) throws IOException {
			this.failure = ex;
			throw new IOException(ex.getMessage(), ex);
		}

		TarArchiveEntry entry(TarArchiveInputStream tar) {
			try {
				return tar.getNextEntry();
			}
			catch (IOException | RuntimeException ex) {
				throw invalid(ex);
			}
		}

		byte[] readEntry(TarArchiveInputStream tar, int size) {
			try {
				byte[] bytes = tar.readNBytes(size);
				if (bytes.length != size) {
					throw new IOException("Truncated TAR archive");
				}
				return bytes;
			}
			catch (IOException ex) {
				throw invalid(ex);
			}
		}

		InputStream entryContent(TarArchiveInputStream tar) {
			return new FilterInputStream(CloseShieldInputStream.wrap(tar)) {
				@Override
				public int read() throws IOException {
					try {
						return super.read();
					}
					catch (IOException | RuntimeException ex) {
						throw asIo(ex);
					}
				}

				@Override
				public int read(byte[] b, int off, int len) throws IOException {
					try {
						return super.read(b, off, len);
					}
					catch (IOException | RuntimeException ex) {
						throw asIo(ex);
					}
				}
			};
		}

		private IOException asIo(Exception ex) {
			if (this.failure == null) {
				this.failure = invalid(ex);
			}
			return new IOException(this.failure.getMessage(), ex);
		}

		private InvalidRequestException invalid(Exception ex) {
			if (this.failure != null) {
				return this.failure;
			}
			if (ex instanceof InvalidRequestException invalid) {
				return invalid;
			}
			Throwable cause = ex;
			while (cause.getCause() != null && !(cause instanceof InvalidRequestException)) {
				cause = cause.getCause();
			}
			if (cause instanceof InvalidRequestException invalid) {
				return invalid;
			}
			return new InvalidRequestException(
					"The archive cannot be read (" + Ids.printable(String.valueOf(ex.getMessage()))
							+ "): it is truncated or not a tar written by Backplane");
		}

		void rethrowIfUploadFailed(Exception ex) {
			if (this.failure != null) {
				throw this.failure;
			}
		}

	}

}
