package org.backplane.client.dcos;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A backup on the DC/OS wire ({@code backup_info}).
 *
 * @param id the backup's id
 * @param label its label
 * @param dcosVersion the version of the service that made it
 * @param timestamp when it was created, RFC 3339 with nanoseconds
 * @param status its status
 * @param componentStatus each component's status
 * @param restores the restores made from it
 */
public record DcosBackupInfo(String id, String label, @JsonProperty("dcos_version") String dcosVersion,
		String timestamp, String status,
		@JsonProperty("component_status") Map<String, DcosComponentStatus> componentStatus,
		List<DcosRestoreInfo> restores) {
}
