package org.backplane.service.storage;

/**
 * Where a backup's objects actually go inside a storage location, as its adapter resolves
 * the location with a request's parameters: what the API, the CLI and the manifest show
 * as a backup's storage. Never secrets.
 *
 * @param bucket the S3 bucket or Azure container, or {@code null} for a location that has
 * none ({@code file})
 * @param endpoint the URL of the server the adapter talks to (for Amazon S3 the regional
 * endpoint, for Azure the blob service URL), as {@link LocationParameters#normalEndpoint
 * normalised}; {@code null} for a location that has none ({@code file})
 */
public record StorageDestination(String bucket, String endpoint) {

	/** The destination of a location that has neither bucket nor endpoint. */
	public static final StorageDestination NONE = new StorageDestination(null, null);

}
