package org.backplane.client.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * Body of {@code POST /api/v1/backups/{id}/restores}.
 *
 * @param components the components to restore; {@code null} or empty for all of the
 * backup's
 * @param policy {@code fail-if-exists} or {@code overwrite}; {@code null} for each
 * component's configured policy
 * @param targetPath restore to this path instead of the component's own (only with
 * exactly one component that supports it, e.g. a ZooKeeper subtree); {@code null} for the
 * component's own location
 * @param parameters per-request settings such as credentials; used for this job only and
 * never stored in clear; may be {@code null}
 */
public record CreateRestoreRequest(List<String> components, String policy, String targetPath,
		Map<String, String> parameters) {

	@JsonCreator(mode = JsonCreator.Mode.DISABLED) // not a creator from a JSON value:
													// "abc",
													// true, 1 stay a 400
	public CreateRestoreRequest(String policy) {
		this(null, policy, null, null);
	}

	@Override
	public String toString() {
		return "CreateRestoreRequest[components=" + this.components + ", policy=" + this.policy + ", targetPath="
				+ this.targetPath + ", parameters=" + ((this.parameters != null) ? this.parameters.keySet() : "[]")
				+ "]";
	}

}
