package org.backplane.service.security;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import jakarta.servlet.DispatcherType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.service.support.Caller;
import org.backplane.service.support.Role;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The filter chain, stateless (no session, no cookie of ours, no CSRF token: mutating
 * requests must be JSON instead):
 * <ol>
 * <li>the audit trail ({@link AuditFilter}) around everything after it;</li>
 * <li>CORS, only for the origins listed in
 * {@code backplane.security.cors.allowed-origins};</li>
 * <li>authentication of a DC/OS or static token ({@link TokenResolver},
 * {@link TokenAuthentication}), or, with no authentication configured and on a loopback
 * address only, the anonymous admin;</li>
 * <li>the URL rules ({@link AccessRules}); 401 and 403 in the API's formats
 * ({@link SecurityErrors});</li>
 * <li>JSON only for mutating requests ({@link JsonContentTypeFilter}).</li>
 * </ol>
 * Controllers get the {@link Caller} ({@link CallerArgumentResolver}) and their services
 * check the rules that depend on the request's content.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
class SecurityConfiguration {

	private static final Log logger = LogFactory.getLog(SecurityConfiguration.class);

	@Bean
	SecurityFilterChain backplaneSecurityFilterChain(HttpSecurity http, SecurityProperties properties,
			Environment environment, @Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolver,
			Clock clock) {
		boolean authenticated = properties.authenticationConfigured();
		String address = environment.getProperty("server.address");
		LoopbackGuard.check(authenticated, address);
		AccessRules rules = new AccessRules(!authenticated);
		SecurityErrors errors = new SecurityErrors(resolver, rules);
		http.csrf(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.httpBasic(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable)
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(errors).accessDeniedHandler(errors))
			.authorizeHttpRequests((requests) -> requests.dispatcherTypeMatchers(DispatcherType.ERROR)
				.permitAll()
				.anyRequest()
				.access(rules))
			.addFilterAfter(new AuditFilter(clock, !authenticated), SecurityContextHolderFilter.class)
			.addFilterAfter(new JsonContentTypeFilter(resolver), AuthorizationFilter.class);
		if (authenticated) {
			BearerTokenAuthenticationConverter tokens = new BearerTokenAuthenticationConverter();
			tokens.setBearerTokenResolver(new TokenResolver());
			BearerTokenAuthenticationFilter authentication = new BearerTokenAuthenticationFilter(
					new TokenAuthentication(properties), tokens);
			authentication.setAuthenticationEntryPoint(errors);
			authentication.setAuthenticationFailureHandler(errors);
			http.addFilterAt(authentication, BearerTokenAuthenticationFilter.class);
		}
		else {
			http.anonymous(
					(anonymous) -> anonymous.principal(Caller.ANONYMOUS).authorities(Roles.authorities(Role.ADMIN)));
		}
		List<String> origins = properties.cors().allowedOrigins();
		if (!origins.isEmpty()) {
			http.cors((cors) -> cors.configurationSource(cors(origins)));
		}
		logger.info(describe(properties, address));
		return http.build();
	}

	@Bean
	WebMvcConfigurer callerArgument(SecurityProperties properties) {
		AccessRules rules = new AccessRules(!properties.authenticationConfigured());
		return new WebMvcConfigurer() {

			@Override
			public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
				resolvers.add(new CallerArgumentResolver(rules));
			}

		};
	}

	private static UrlBasedCorsConfigurationSource cors(List<String> origins) {
		CorsConfiguration configuration = new CorsConfiguration();
		configuration.setAllowedOrigins(origins);
		configuration.setAllowedMethods(List.of("GET", "HEAD", "POST", "DELETE"));
		configuration.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE));
		configuration.setExposedHeaders(List.of(HttpHeaders.LOCATION));
		configuration.setMaxAge(Duration.ofMinutes(30));
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/**", configuration);
		return source;
	}

	private static String describe(SecurityProperties properties, String address) {
		if (!properties.authenticationConfigured()) {
			return "Authentication: none configured; every caller is an anonymous admin, which is allowed because "
					+ "the service listens on the loopback address " + address + " only";
		}
		StringBuilder line = new StringBuilder("Authentication: ");
		if (properties.jwt().jwkSetUri() != null) {
			line.append("DC/OS tokens (RS256) signed by the key set at ").append(properties.jwt().jwkSetUri());
		}
		else if (properties.jwt().publicKeyLocation() != null) {
			line.append("DC/OS tokens (RS256) signed by the key in ").append(properties.jwt().publicKeyLocation());
		}
		else {
			line.append("no DC/OS tokens");
		}
		line.append(", ").append(properties.tokens().size()).append(" static API token(s); roles for ");
		line.append(properties.roles().size()).append(" uid(s), default role ");
		line.append((properties.defaultRole() != null) ? Role.of(properties.defaultRole()).value() : "none");
		return line.toString();
	}

}
