package org.backplane.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;

/**
 * The service could not be reached or did not answer in time: connection refused, unknown
 * host, TLS handshake failure (for example an untrusted certificate), or a connect or
 * request timeout. It is an {@link UncheckedIOException} so that code written against
 * earlier versions keeps catching it.
 */
public class BackplaneUnreachableException extends UncheckedIOException {

	private final URI baseUri;

	/**
	 * Creates an exception for a failed call.
	 * @param baseUri the service's base URI (never carries credentials)
	 * @param message what failed, naming the URI
	 * @param cause the I/O failure
	 */
	public BackplaneUnreachableException(URI baseUri, String message, IOException cause) {
		super(message, cause);
		this.baseUri = baseUri;
	}

	/**
	 * @return the base URI of the service that could not be reached
	 */
	public URI getBaseUri() {
		return this.baseUri;
	}

}
