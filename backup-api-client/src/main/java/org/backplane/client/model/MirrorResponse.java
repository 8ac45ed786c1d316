package org.backplane.client.model;

import java.util.List;
import java.util.Map;

/**
 * What a mirror run did ({@code POST /api/v1/components/{name}/mirror}).
 *
 * @param component the component mirrored
 * @param buckets each source bucket and the mirror bucket it was copied into
 * @param objects objects in the source buckets
 * @param copied objects copied because they were new or changed
 * @param copiedBytes bytes copied
 * @param unchanged objects left alone because the mirror holds them unchanged
 * @param deletedObjects objects deleted at the mirror because the source no longer has
 * them
 * @param deletedBuckets mirror buckets deleted because their source bucket was deleted
 */
public record MirrorResponse(String component, Map<String, String> buckets, long objects, long copied, long copiedBytes,
		long unchanged, long deletedObjects, List<String> deletedBuckets) {

}
