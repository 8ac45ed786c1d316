package org.backplane.service.testsupport;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Records the method, path and status of every request the service answers in this JVM,
 * ahead of every other filter (so the security layer's 401 and 403 are seen too), for
 * {@link ApiStatusCheck}. Picked up by component scanning whenever test classes are on
 * the classpath, as {@link SyntheticSource} is.
 */
@Configuration(proxyBeanMethods = false)
public class ApiStatusRecorder {

	private static final List<Observed> observed = new ArrayList<>();

	@Bean
	FilterRegistrationBean<Filter> apiStatusRecordingFilter() {
		FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
			try {
				chain.doFilter(request, response);
			}
			finally {
				if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse answer) {
					record(new Observed(http.getMethod(), http.getRequestURI(), answer.getStatus()));
				}
			}
		});
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		registration.setName("apiStatusRecordingFilter");
		return registration;
	}

	static synchronized void record(Observed answer) {
		observed.add(answer);
	}

	/**
	 * What was answered since the last call, which forgets it.
	 * @return the answers, in order
	 */
	static synchronized List<Observed> drain() {
		List<Observed> answers = new ArrayList<>(observed);
		observed.clear();
		return answers;
	}

	/**
	 * One answer.
	 *
	 * @param method the request's method
	 * @param path the request's path (no query)
	 * @param status the status answered
	 */
	record Observed(String method, String path, int status) {

		@Override
		public String toString() {
			return this.method + " " + this.path + " -> " + this.status;
		}

	}

}
