package org.backplane.client.model;

import java.util.Map;

/**
 * Body of {@code POST /api/v1/components/{name}/mirror}, optional.
 *
 * @param parameters per-request settings of the component, such as its credentials
 * ({@code ACCESS_KEY_ID}, {@code SECRET_ACCESS_KEY}) or {@code BUCKETS}; used for this
 * run only and never stored; may be {@code null}
 */
public record MirrorRequest(Map<String, String> parameters) {

	@Override
	public String toString() {
		return "MirrorRequest[parameters=" + ((this.parameters != null) ? this.parameters.keySet() : "[]") + "]";
	}

}
