package org.backplane.service.security;

import org.backplane.service.support.Caller;
import org.backplane.service.support.Role;

import org.springframework.core.MethodParameter;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Hands a controller method's {@link Caller} parameter the authenticated principal and
 * its role (the anonymous admin when no authentication is configured), for the services
 * to check the rules that depend on the request's content.
 */
final class CallerArgumentResolver implements HandlerMethodArgumentResolver {

	private final AccessRules rules;

	CallerArgumentResolver(AccessRules rules) {
		this.rules = rules;
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return Caller.class.equals(parameter.getParameterType());
	}

	@Override
	public Caller resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
			NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		Role role = this.rules.roleOf(authentication);
		if (authentication == null || role == null) {
			// the URL rules let no request without a role reach a controller
			throw new IllegalStateException("A request without a role reached a controller");
		}
		return new Caller(authentication.getName(), role);
	}

}
