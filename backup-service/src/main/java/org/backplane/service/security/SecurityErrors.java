package org.backplane.service.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.service.support.BackplaneException;
import org.backplane.service.support.DcosPaths;
import org.backplane.service.support.Role;

import org.springframework.http.HttpHeaders;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Answers 401 and 403 from the filter chain in the API's two formats, by handing a
 * {@link BackplaneException} to the MVC exception resolvers (so {@code web}'s problem
 * advice renders it as it renders every other error: a problem on the native API,
 * {@code {"errors": [...]}} on the DC/OS paths). A 401 asks for a DC/OS token
 * ({@code WWW-Authenticate: acsjwt}) on the DC/OS paths and for a bearer token elsewhere,
 * and says how to get one; it never echoes the token.
 */
final class SecurityErrors implements AuthenticationEntryPoint, AccessDeniedHandler, AuthenticationFailureHandler {

	private static final Log logger = LogFactory.getLog(SecurityErrors.class);

	private final HandlerExceptionResolver resolver;

	private final AccessRules rules;

	SecurityErrors(HandlerExceptionResolver resolver, AccessRules rules) {
		this.resolver = resolver;
		this.rules = rules;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		boolean dcos = DcosPaths.matches(path(request));
		String message;
		String challenge;
		boolean refused = false;
		if (authException instanceof TokenResolver.InvalidAuthorizationHeaderException) {
			message = "The Authorization header must be token=<token> or Bearer <token>: " + how(dcos, false);
			challenge = "Bearer error=\"invalid_request\"";
		}
		else if (authException instanceof OAuth2AuthenticationException) {
			message = "The token was refused (" + refusal(authException) + "): " + how(dcos, true);
			challenge = "Bearer error=\"invalid_token\"";
			refused = true;
		}
		else {
			message = "Authentication required: " + how(dcos, false);
			challenge = "Bearer";
		}
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, dcos ? "acsjwt" : challenge);
		render(request, response, new AuthenticationRequiredException(message, refused));
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException accessDeniedException) throws IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		Role needed = AccessRules.required(request);
		render(request, response,
				new AccessRefusedException(request.getMethod() + " " + path(request),
						(needed != null) ? needed : Role.VIEWER,
						(authentication != null) ? authentication.getName() : "-", this.rules.roleOf(authentication)));
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		if (exception instanceof AuthenticationServiceException) {
			logger.warn("A DC/OS token could not be checked: " + exception.getMessage());
			render(request, response, new TokenCheckUnavailableException());
			return;
		}
		commence(request, response, exception);
	}

	private void render(HttpServletRequest request, HttpServletResponse response, BackplaneException ex)
			throws IOException {
		ModelAndView handled = this.resolver.resolveException(request, response, null, ex);
		if (handled == null) {
			response.sendError(switch (ex.getKind()) {
				case UNAUTHENTICATED -> HttpServletResponse.SC_UNAUTHORIZED;
				case FORBIDDEN -> HttpServletResponse.SC_FORBIDDEN;
				default -> HttpServletResponse.SC_SERVICE_UNAVAILABLE;
			});
		}
	}

	private static String how(boolean dcos, boolean again) {
		if (dcos) {
			return "log in " + (again ? "again " : "")
					+ "with `dcos auth login` and retry (the DC/OS CLI sends its token as Authorization: token=<token>)";
		}
		return "pass a " + (again ? "valid " : "") + "token as Authorization: Bearer <token> (a DC/OS token, as "
				+ "`dcos config show core.dcos_acs_token` prints it, or a static API token)";
	}

	/**
	 * Why a token was refused, in words of our own: the libraries' messages may quote
	 * parts of the token.
	 * @param ex the failure
	 * @return the reason
	 */
	static String refusal(AuthenticationException ex) {
		if (TokenAuthentication.NOT_A_STATIC_TOKEN.equals(ex.getMessage())) {
			return TokenAuthentication.NOT_A_STATIC_TOKEN;
		}
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof JwtValidationException invalid) {
				return validationFailure(invalid);
			}
			if (cause instanceof BadJwtException bad) {
				String message = String.valueOf(bad.getMessage());
				if (message.contains("Invalid signature")) {
					return "its signature does not verify against the configured key";
				}
				if (message.contains("no matching key")) {
					return "it is not signed with RS256 by a configured key (unknown kid or another algorithm)";
				}
				if (message.contains("Unsupported algorithm")) {
					return "it is not signed: only RS256 tokens are accepted";
				}
				return "it is neither a configured static API token nor a well-formed DC/OS token";
			}
		}
		return "it is not valid";
	}

	private static String validationFailure(JwtValidationException ex) {
		for (OAuth2Error error : ex.getErrors()) {
			String description = String.valueOf(error.getDescription());
			if (description.startsWith("Jwt expired")) {
				return "it has expired: " + description.substring("Jwt ".length());
			}
			if (description.startsWith("Jwt used before")) {
				return "it is not valid yet";
			}
			if (description.contains(TokenAuthentication.UID)) {
				return "it has no uid claim";
			}
		}
		return "it is not valid";
	}

	private static String path(HttpServletRequest request) {
		return request.getRequestURI().substring(request.getContextPath().length());
	}

}
