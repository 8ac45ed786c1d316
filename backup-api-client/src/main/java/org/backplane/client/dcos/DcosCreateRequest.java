package org.backplane.client.dcos;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Body of DC/OS {@code POST create}.
 *
 * @param label the backup's label
 * @param parameters optional per-request parameters (storage credentials, named as in the
 * DC/OS backup plans), used for this backup only and never stored in clear; left out of
 * the JSON when {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DcosCreateRequest(String label, Map<String, String> parameters) {

	/**
	 * A request without parameters.
	 * @param label the backup's label
	 */
	@JsonCreator(mode = JsonCreator.Mode.DISABLED) // not a creator from a JSON string:
													// "abc" stays a 400
	public DcosCreateRequest(String label) {
		this(label, null);
	}

}
