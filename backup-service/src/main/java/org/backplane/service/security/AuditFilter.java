package org.backplane.service.security;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.service.support.DcosPaths;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The audit trail: one line on the logger {@code backplane.audit} for every mutating
 * request ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE}), allowed or refused,
 * written when its answer is known:
 * {@code time=… principal=… action="METHOD /path" target=… outcome=<status>}. The
 * principal is {@code -} when the request was not authenticated; the target is the backup
 * or restore id of the path, else the {@code id} of a DC/OS body, else the id of what the
 * request created ({@code created=} also names a created restore). Never a token, a query
 * string or a parameter value.
 * <p>
 * Sits in the filter chain right after the security context is loaded, so that it sees
 * every refusal (401, 403, 415) and the authenticated principal. A DC/OS body of at most
 * 64 KiB is read up front (and replayed) so that its id is known even when the request is
 * refused before the body is read.
 */
final class AuditFilter extends OncePerRequestFilter {

	/** The audit logger's name. */
	static final String LOGGER = "backplane.audit";

	/** The request attribute that holds the id of what the request created. */
	static final String CREATED = AuditFilter.class.getName() + ".created";

	private static final Log audit = LogFactory.getLog(LOGGER);

	private static final int MAX_BODY = 64 * 1024;

	private static final int MAX_PATH = 200;

	private static final Pattern NATIVE_TARGET = Pattern
		.compile("^/api/v1/backups/([^/]+)(?:/restores(?:/([^/]+))?)?/?$");

	private final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();

	private final Clock clock;

	private final boolean anonymousIsAdmin;

	private final JsonMapper json = JsonMapper.builder().build();

	AuditFilter(Clock clock, boolean anonymousIsAdmin) {
		this.clock = clock;
		this.anonymousIsAdmin = anonymousIsAdmin;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String method = request.getMethod();
		if (!mutating(method)) {
			chain.doFilter(request, response);
			return;
		}
		String path = request.getRequestURI().substring(request.getContextPath().length());
		HttpServletRequest passed = request;
		String bodyId = null;
		long length = request.getContentLengthLong();
		if (DcosPaths.matches(path) && length > 0 && length <= MAX_BODY) {
			byte[] body = request.getInputStream().readNBytes((int) length);
			passed = new ReplayedBody(request, body);
			bodyId = idIn(body);
		}
		int outcome = HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
		try {
			chain.doFilter(passed, response);
			outcome = response.getStatus();
		}
		finally {
			Object created = request.getAttribute(CREATED);
			write(method, path, principal(), target(path, bodyId),
					(created instanceof String id) ? safe(id, MAX_PATH) : null, outcome);
		}
	}

	private void write(String method, String path, String principal, @Nullable String target, @Nullable String created,
			int outcome) {
		String targetId = (target != null) ? target : (created != null) ? created : "-";
		StringBuilder line = new StringBuilder();
		line.append("time=")
			.append(this.clock.instant())
			.append(" principal=")
			.append(principal)
			.append(" action=\"")
			.append(method)
			.append(' ')
			.append(safe(path, MAX_PATH))
			.append("\" target=")
			.append(targetId);
		if (created != null && !created.equals(targetId)) {
			line.append(" created=").append(created);
		}
		line.append(" outcome=").append(outcome);
		audit.info(line.toString());
	}

	private String principal() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || (!this.anonymousIsAdmin && this.trust.isAnonymous(authentication))) {
			return "-";
		}
		return safe(authentication.getName(), MAX_PATH);
	}

	private static @Nullable String target(String path, @Nullable String bodyId) {
		Matcher matcher = NATIVE_TARGET.matcher(path);
		if (matcher.matches()) {
			return safe((matcher.group(2) != null) ? matcher.group(2) : matcher.group(1), MAX_PATH);
		}
		return (bodyId != null) ? safe(bodyId, MAX_PATH) : null;
	}

	private @Nullable String idIn(byte[] body) {
		try {
			JsonNode id = this.json.readTree(body).get("id");
			return (id != null && id.isString()) ? id.asString() : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private static boolean mutating(String method) {
		return HttpMethod.POST.matches(method) || HttpMethod.PUT.matches(method) || HttpMethod.PATCH.matches(method)
				|| HttpMethod.DELETE.matches(method);
	}

	/**
	 * Keeps a value one token of the line: letters, digits and {@code . _ - : / @ %}
	 * stay, anything else becomes {@code ?}; long values are cut.
	 * @param value a value from the request
	 * @param max the longest value kept
	 * @return the value as written
	 */
	static String safe(String value, int max) {
		StringBuilder out = new StringBuilder(Math.min(value.length(), max + 1));
		for (int i = 0; i < value.length() && i < max; i++) {
			char c = value.charAt(i);
			boolean plain = (c < 128 && Character.isLetterOrDigit(c)) || ".-_:/@%".indexOf(c) >= 0;
			out.append(plain ? c : '?');
		}
		if (value.length() > max) {
			out.append('…');
		}
		return out.isEmpty() ? "-" : out.toString();
	}

	/**
	 * A request whose body was read up front, served again from memory.
	 */
	private static final class ReplayedBody extends HttpServletRequestWrapper {

		private final byte[] body;

		ReplayedBody(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] b, int off, int len) {
					return in.read(b, off, len);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("The body was already read");
				}

			};
		}

		@Override
		public BufferedReader getReader() {
			String encoding = getCharacterEncoding();
			return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(this.body),
					(encoding != null) ? Charset.forName(encoding) : StandardCharsets.UTF_8));
		}

	}

}
