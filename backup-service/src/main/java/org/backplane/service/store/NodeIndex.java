package org.backplane.service.store;

import java.util.List;

/**
 * The artifact of a {@code nodes} component: the index of its nodes' own artifacts, each
 * with its SHA-256. Stored as {@code backups/<id>/<component>.nodes.json}, or
 * {@code <snapshot>/backplane-nodes.json} in a snapshot layout, where it is the Backplane
 * manifest with a SHA-256 per file.
 *
 * @param formatVersion 1
 * @param component the component's name
 * @param layout {@code null}, {@code s3} or {@code azure} ({@link BackupPlace})
 * @param snapshot the snapshot's name, or {@code null}
 * @param nodes the nodes, by index
 */
public record NodeIndex(int formatVersion, String component, String layout, String snapshot, List<Node> nodes) {

	/** The current format version. */
	public static final int FORMAT_VERSION = 1;

	/**
	 * One node's artifact.
	 *
	 * @param node its index
	 * @param key its tar.gz's key, or for plain files the prefix of its objects
	 * @param sizeBytes its size (for plain files, their sum)
	 * @param sha256 its SHA-256; for plain files, of its file list in {@code sha256sum}
	 * format ({@code <sha256>  <path>\n} per file, sorted by path)
	 * @param items files in it
	 * @param contentBytes content bytes in it
	 * @param files for plain files, each file with its size and SHA-256; else
	 * {@code null}
	 */
	public record Node(int node, String key, long sizeBytes, String sha256, long items, long contentBytes,
			List<File> files) {
	}

	/**
	 * One file of a node stored as plain files.
	 *
	 * @param path its path relative to the node's folder
	 * @param sizeBytes its size
	 * @param sha256 its SHA-256
	 */
	public record File(String path, long sizeBytes, String sha256) {
	}

}
