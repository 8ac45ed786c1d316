package org.backplane.service.api.dcos;

/**
 * Reading the catalogue failed after part of a {@code list} body was sent
 * ({@link DcosController#listInterrupted}).
 */
class ListInterruptedException extends RuntimeException {

	ListInterruptedException(RuntimeException cause) {
		super("Listing interrupted after part of the body was sent: " + cause.getMessage(), cause);
	}

}
