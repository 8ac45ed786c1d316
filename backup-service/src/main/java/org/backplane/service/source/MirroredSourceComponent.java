package org.backplane.service.source;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A source component that can also copy its content, as plain objects readable by any
 * tool, to a configured mirror (the MinIO service's {@code mc mirror} backups), copying
 * only what changed.
 */
public interface MirroredSourceComponent extends SourceComponent {

	/**
	 * The per-request parameter asking a backup to bring the mirror up to date too, in
	 * the same job, once the backup is stored ({@code true}); what the {@code backup}
	 * plan sets when a mirror is configured.
	 */
	String MIRROR = "MIRROR";

	/**
	 * Whether a mirror is configured.
	 * @return {@code true} if {@link #mirror} may be called
	 */
	boolean mirrorConfigured();

	/**
	 * The prefix of the mirror's bucket names: source bucket {@code b} is mirrored into
	 * {@code <prefix>b}.
	 * @return the prefix, never {@code null}
	 */
	String mirrorPrefix();

	/**
	 * Where the mirror is, for messages.
	 * @return the mirror's location, or {@code null} without one
	 */
	String mirrorLocation();

	/**
	 * Brings the mirror up to date.
	 * @param parameters the request's parameters this component takes (credentials);
	 * never {@code null}
	 * @param progress told about every object and byte looked at
	 * @return what was done
	 * @throws IOException if the source or the mirror fails; objects and buckets are
	 * deleted at the mirror only when everything else succeeded
	 */
	MirrorResult mirror(Map<String, String> parameters, Progress progress) throws IOException;

	/**
	 * What a mirror run did.
	 *
	 * @param buckets the mirror's buckets brought up to date, source bucket to mirror
	 * bucket
	 * @param objects objects in the source buckets
	 * @param copied objects copied because they were new or changed
	 * @param copiedBytes bytes copied
	 * @param unchanged objects left alone because the mirror holds them unchanged
	 * @param deletedObjects objects deleted at the mirror because the source no longer
	 * has them
	 * @param deletedBuckets mirror buckets deleted because their source bucket was
	 * deleted
	 */
	record MirrorResult(Map<String, String> buckets, long objects, long copied, long copiedBytes, long unchanged,
			long deletedObjects, List<String> deletedBuckets) {
	}

}
