package org.backplane.service.web;

import java.net.URI;
import java.util.List;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.backplane.client.dcos.DcosErrors;
import org.backplane.service.support.DcosPaths;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The container's error page ({@code /error}) in the API's format: a request the filter
 * chain refused before any controller (for example a path with {@code ;}, {@code //}, an
 * encoded {@code /} or {@code \}) gets a problem on the native API and {@code {"errors":
 * [...]}} on the DC/OS paths, never Spring Boot's own error body.
 */
@RestController
@Hidden
class ErrorPathController implements ErrorController {

	@RequestMapping("/error")
	ResponseEntity<Object> error(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = HttpStatus.resolve((code instanceof Integer value) ? value : 500);
		if (status == null || !status.isError()) {
			status = HttpStatus.INTERNAL_SERVER_ERROR;
		}
		String detail = switch (status) {
			case BAD_REQUEST -> "The request's path is not accepted (it holds ';', '//', '..', or an encoded '/', "
					+ "'\\', '%' or control character): send the path as the API documents it";
			case NOT_FOUND -> "No such resource: see /swagger-ui.html for the API's paths";
			case INTERNAL_SERVER_ERROR -> "An unexpected error occurred; the service log has the details";
			default -> "The request could not be handled: " + status.getReasonPhrase();
		};
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		if (uri instanceof String path && DcosPaths.matches(path.replaceAll("/{2,}", "/"))) {
			return ResponseEntity.status(status)
				.contentType(MediaType.APPLICATION_JSON)
				.body(new DcosErrors(List.of(detail)));
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(ProblemDetailsAdvice.TYPE_PREFIX
				+ ((status == HttpStatus.BAD_REQUEST) ? "malformed-request" : "http-error")));
		problem.setTitle((status == HttpStatus.BAD_REQUEST) ? "Malformed request" : status.getReasonPhrase());
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

}
