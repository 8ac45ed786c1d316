package org.backplane.service.source;

import java.io.IOException;

/**
 * Thrown when a restore must not start or go on, for example because the target holds
 * data and the policy is {@link RestorePolicy#FAIL_IF_EXISTS}. The message says why and
 * what to do.
 */
public class RestoreRefusedException extends IOException {

	public RestoreRefusedException(String message) {
		super(message);
	}

}
