package org.backplane.client.dcos;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Body of DC/OS {@code POST restore} and {@code DELETE delete}.
 *
 * @param id a backup's id
 * @param parameters optional per-request parameters (storage credentials) for a restore
 * or a delete; left out of the JSON when {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DcosIdRequest(String id, Map<String, String> parameters) {

	/**
	 * A request without parameters.
	 * @param id a backup's id
	 */
	@JsonCreator(mode = JsonCreator.Mode.DISABLED) // not a creator from a JSON string:
													// "abc" stays a 400
	public DcosIdRequest(String id) {
		this(id, null);
	}

}
