package org.backplane.client.dcos;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A restore on the DC/OS wire.
 *
 * @param id the restore's id
 * @param status its status
 * @param componentStatus each component's status
 */
public record DcosRestoreInfo(String id, String status,
		@JsonProperty("component_status") Map<String, DcosComponentStatus> componentStatus) {
}
