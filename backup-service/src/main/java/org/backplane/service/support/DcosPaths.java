package org.backplane.service.support;

/**
 * The paths of the DC/OS wire-compatible API, which answer errors as {@code {"errors":
 * ["..."]}} and ask for a DC/OS token ({@code WWW-Authenticate: acsjwt}) rather than as
 * RFC 9457 problems and {@code Bearer}.
 */
public final class DcosPaths {

	private DcosPaths() {
	}

	/**
	 * Whether a path belongs to the DC/OS API.
	 * @param path the request's path within the application (no context path, no query)
	 * @return {@code true} under {@code /v1/} and {@code /system/v1/backup/v1/}
	 */
	public static boolean matches(String path) {
		return path.startsWith("/v1/") || path.startsWith("/system/v1/backup/v1/");
	}

}
