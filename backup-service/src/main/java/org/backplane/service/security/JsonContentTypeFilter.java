package org.backplane.service.security;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Mutating requests carry {@code Content-Type: application/json}: every {@code POST},
 * {@code PUT} and {@code PATCH}, with a body or without, and a {@code DELETE} that has a
 * body. Neither an HTML form nor a simple cross-origin request can send that type without
 * a CORS preflight, so no other site can make a browser (with its DC/OS cookie) start a
 * backup, a restore or a delete. The one exception, a backup archive's upload, is
 * {@code application/x-tar}, which needs a preflight too. Anything else is a 415 in the
 * API's format.
 */
final class JsonContentTypeFilter extends OncePerRequestFilter {

	private static final MediaType TAR = MediaType.parseMediaType("application/x-tar");

	private static final RequestMatcher ARCHIVE_UPLOAD = PathPatternRequestMatcher.pathPattern(HttpMethod.POST,
			"/api/v1/backups/import");

	private final HandlerExceptionResolver resolver;

	JsonContentTypeFilter(HandlerExceptionResolver resolver) {
		this.resolver = resolver;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (mustBeJson(request) && !isJson(request.getContentType()) && !isArchiveUpload(request)) {
			this.resolver.resolveException(request, response, null, unsupported(request));
			return;
		}
		chain.doFilter(request, response);
	}

	private static boolean mustBeJson(HttpServletRequest request) {
		String method = request.getMethod();
		if (HttpMethod.POST.matches(method) || HttpMethod.PUT.matches(method) || HttpMethod.PATCH.matches(method)) {
			return true;
		}
		return HttpMethod.DELETE.matches(method)
				&& (request.getContentLengthLong() > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null);
	}

	/**
	 * A backup archive's upload ({@code POST /api/v1/backups/import}) is a tar:
	 * {@code application/x-tar} is not a type a form or a simple cross-origin request may
	 * send without a preflight either.
	 * @param request the request
	 * @return whether it is an archive's upload
	 */
	private static boolean isArchiveUpload(HttpServletRequest request) {
		if (!HttpMethod.POST.matches(request.getMethod()) || request.getContentType() == null
				|| !ARCHIVE_UPLOAD.matches(request)) {
			return false;
		}
		try {
			return MediaType.parseMediaType(request.getContentType()).equalsTypeAndSubtype(TAR);
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	private static boolean isJson(@Nullable String contentType) {
		if (contentType == null) {
			return false;
		}
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			return MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type);
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	private static HttpMediaTypeNotSupportedException unsupported(HttpServletRequest request) {
		List<MediaType> json = List.of(MediaType.APPLICATION_JSON);
		HttpMethod method = HttpMethod.valueOf(request.getMethod());
		MediaType sent = null;
		if (request.getContentType() != null) {
			try {
				sent = MediaType.parseMediaType(request.getContentType());
			}
			catch (InvalidMediaTypeException ex) {
				return new HttpMediaTypeNotSupportedException("Invalid Content-Type", json);
			}
		}
		return new HttpMediaTypeNotSupportedException(sent, json, method);
	}

}
