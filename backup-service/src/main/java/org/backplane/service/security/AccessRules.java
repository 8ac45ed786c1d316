package org.backplane.service.security;

import java.util.List;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import org.backplane.service.support.Role;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The URL rules: the role each request needs by method and path, whatever its content.
 * <ul>
 * <li>{@code GET} and {@code HEAD}: {@code viewer}; but liveness and readiness, which
 * anyone may read (without details), and a backup's archive (its data), which needs
 * {@code admin};</li>
 * <li>{@code POST} to create a backup or a restore (native and DC/OS), to verify a
 * backup, to run a component's mirror or to run a schedule now, and the plan commands
 * ({@code /v1/plans/<plan>/start}, {@code stop}, …, which start, pause or go on with a
 * backup or a restore): {@code operator};</li>
 * <li>anything else ({@code DELETE}, other {@code POST}s, {@code PUT}, {@code PATCH}, …):
 * {@code admin}.</li>
 * </ul>
 * The rules that depend on the request's content (an {@code overwrite} restore, a
 * {@code targetPath}, placement parameters) are the services' (see
 * {@code support.Caller}).
 */
final class AccessRules implements AuthorizationManager<RequestAuthorizationContext> {

	private static final List<RequestMatcher> PUBLIC = List.of(
			PathPatternRequestMatcher.pathPattern(HttpMethod.GET, "/actuator/health/liveness"),
			PathPatternRequestMatcher.pathPattern(HttpMethod.GET, "/actuator/health/readiness"),
			PathPatternRequestMatcher.pathPattern(HttpMethod.HEAD, "/actuator/health/liveness"),
			PathPatternRequestMatcher.pathPattern(HttpMethod.HEAD, "/actuator/health/readiness"));

	/**
	 * Reads that need admin: a backup's archive is the backed-up data itself, which
	 * leaves the cluster with it (a viewer sees only metadata; an operator can restore
	 * into the cluster, not take the data out).
	 */
	private static final List<RequestMatcher> ADMIN_READS = List.of(
			PathPatternRequestMatcher.pathPattern(HttpMethod.GET, "/api/v1/backups/{id}/archive"),
			PathPatternRequestMatcher.pathPattern(HttpMethod.HEAD, "/api/v1/backups/{id}/archive"));

	private static final List<RequestMatcher> OPERATOR = List.of(
			PathPatternRequestMatcher.pathPattern(HttpMethod.POST, "/api/v1/backups"),
			PathPatternRequestMatcher.pathPattern(HttpMethod.POST, "/api/v1/backups/{id}/verifications"),
			PathPatternRequestMatcher.pathPattern(HttpMethod.POST, "/api/v1/backups/{id}/restores"),
			PathPatternRequestMatcher.pathPattern(HttpMethod.POST, "/api/v1/components/{name}/mirror"),
			// running a schedule now starts an ordinary backup, with nothing an operator
			// could not ask for with POST /api/v1/backups
			PathPatternRequestMatcher.pathPattern(HttpMethod.POST, "/api/v1/schedules/{name}/run"),
			PathPatternRequestMatcher.pathPattern(HttpMethod.POST, "/v1/create"),
			PathPatternRequestMatcher.pathPattern(HttpMethod.POST, "/v1/restore"),
			PathPatternRequestMatcher.pathPattern(HttpMethod.POST, "/system/v1/backup/v1/create"),
			PathPatternRequestMatcher.pathPattern(HttpMethod.POST, "/system/v1/backup/v1/restore"),
			PathPatternRequestMatcher.pathPattern(HttpMethod.POST, "/v1/plans/{plan}/{command}"),
			PathPatternRequestMatcher.pathPattern(HttpMethod.POST, "/system/v1/backup/v1/plans/{plan}/{command}"));

	private final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();

	private final boolean anonymousIsAdmin;

	/**
	 * The rules.
	 * @param anonymousIsAdmin whether no authentication is configured, so that the
	 * anonymous caller is an admin (only ever on a loopback address)
	 */
	AccessRules(boolean anonymousIsAdmin) {
		this.anonymousIsAdmin = anonymousIsAdmin;
	}

	/**
	 * The role a request needs.
	 * @param request the request
	 * @return the role, or {@code null} if anyone may make it
	 */
	static @Nullable Role required(HttpServletRequest request) {
		if (matches(PUBLIC, request)) {
			return null;
		}
		String method = request.getMethod();
		if (matches(ADMIN_READS, request)) {
			return Role.ADMIN;
		}
		if (HttpMethod.GET.matches(method) || HttpMethod.HEAD.matches(method)) {
			return Role.VIEWER;
		}
		return matches(OPERATOR, request) ? Role.OPERATOR : Role.ADMIN;
	}

	@Override
	public AuthorizationResult authorize(Supplier<? extends @Nullable Authentication> authentication,
			RequestAuthorizationContext context) {
		Role needed = required(context.getRequest());
		if (needed == null) {
			return new AuthorizationDecision(true);
		}
		Role role = roleOf(authentication.get());
		return new AuthorizationDecision(role != null && role.covers(needed));
	}

	/**
	 * The role of who asks.
	 * @param authentication who asks, or {@code null}
	 * @return the role of an authenticated principal, {@code admin} for the anonymous
	 * caller when no authentication is configured, else {@code null}
	 */
	@Nullable Role roleOf(@Nullable Authentication authentication) {
		if (authentication == null || (!this.anonymousIsAdmin && this.trust.isAnonymous(authentication))) {
			return null;
		}
		return Roles.of(authentication);
	}

	private static boolean matches(List<RequestMatcher> matchers, HttpServletRequest request) {
		for (RequestMatcher matcher : matchers) {
			if (matcher.matches(request)) {
				return true;
			}
		}
		return false;
	}

}
