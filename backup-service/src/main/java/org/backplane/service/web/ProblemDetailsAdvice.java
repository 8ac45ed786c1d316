package org.backplane.service.web;

import java.net.URI;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.backplane.client.dcos.DcosErrors;
import org.backplane.service.support.BackplaneException;
import org.backplane.service.support.DcosPaths;
import org.backplane.service.support.Ids;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every error into an RFC 9457 problem with a stable {@code type}, a {@code title},
 * a {@code detail} that says what to fix, and identifiers as extra properties; on the
 * DC/OS paths ({@code /v1/...}, {@code /system/v1/backup/v1/...}) into {@code {"errors":
 * ["..."]}} instead. Never a stack trace, never a 500 for anything a client can send.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	static final String TYPE_PREFIX = "https://backplane.dev/problems/";

	private static final Log logger = LogFactory.getLog(ProblemDetailsAdvice.class);

	private static final Pattern CLASS_NOTE = Pattern.compile(" ?\\(class [^)]*\\)");

	private static final Pattern QUOTED_TYPE = Pattern.compile("`([^`]*)`");

	private static final Pattern JAVA_NAME = Pattern
		.compile("\\b(?:java|javax|jakarta|org|com|tools)\\.[A-Za-z0-9_.$]+");

	@ExceptionHandler(BackplaneException.class)
	ResponseEntity<Object> handleBackplane(BackplaneException ex, WebRequest request) {
		HttpStatus status = switch (ex.getKind()) {
			case INVALID -> HttpStatus.BAD_REQUEST;
			case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
			case FORBIDDEN -> HttpStatus.FORBIDDEN;
			case NOT_FOUND -> HttpStatus.NOT_FOUND;
			case CONFLICT -> HttpStatus.CONFLICT;
			case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
		};
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, ex.getMessage());
		problem.setType(URI.create(TYPE_PREFIX + ex.getTypeSlug()));
		problem.setTitle(ex.getTitle());
		ex.getProperties().forEach(problem::setProperty);
		if (status == HttpStatus.SERVICE_UNAVAILABLE) {
			logger.warn("Request failed: " + ex.getMessage());
		}
		return createResponseEntity(problem, new HttpHeaders(), status, request);
	}

	@ExceptionHandler(OptimisticLockingFailureException.class)
	ResponseEntity<Object> handleRace(OptimisticLockingFailureException ex, WebRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
				"The backup or restore changed while this request ran (another request or runner won): read it again and retry");
		problem.setType(URI.create(TYPE_PREFIX + "concurrent-change"));
		problem.setTitle("Concurrent change");
		return createResponseEntity(problem, new HttpHeaders(), HttpStatus.CONFLICT, request);
	}

	/**
	 * The catalogue database cannot be reached (stopped, restarting, unreachable, or
	 * every connection busy for longer than the pool's connection timeout): 503, so
	 * clients and load balancers retry; the service reconnects by itself when it is back.
	 * @param ex the failure
	 * @param request the request
	 * @return the 503 response
	 */
	@ExceptionHandler({ DataAccessResourceFailureException.class, CannotCreateTransactionException.class })
	ResponseEntity<Object> handleDatabaseUnavailable(Exception ex, WebRequest request) {
		return databaseUnavailable(ex, request);
	}

	private ResponseEntity<Object> databaseUnavailable(Throwable ex, WebRequest request) {
		logger.warn("Request failed: the database is unavailable: " + ex.getMessage());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The catalogue database is unavailable: retry later (the service reconnects by itself when PostgreSQL "
						+ "is back; its operators should check that PostgreSQL runs and is reachable)");
		problem.setType(URI.create(TYPE_PREFIX + "database-unavailable"));
		problem.setTitle("Database unavailable");
		return createResponseEntity(problem, new HttpHeaders(), HttpStatus.SERVICE_UNAVAILABLE, request);
	}

	/**
	 * Whether a failure comes from a database connection that could not be made or was
	 * lost: a JDBC connection exception (SQLState class {@code 08}), or the pool's
	 * timeout waiting for one.
	 * @param ex the failure
	 * @return whether the database is unreachable
	 */
	static boolean isDatabaseUnreachable(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof DataAccessResourceFailureException || cause instanceof CannotCreateTransactionException
					|| cause instanceof SQLTransientConnectionException) {
				return true;
			}
			if (cause instanceof SQLException sql && isConnectionLost(sql)) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	/**
	 * Whether a JDBC failure means the connection could not be made or was lost: SQLState
	 * class {@code 08} (connection exception), {@code 57P01}–{@code 57P03} (the server
	 * shuts down or cannot take connections yet), or Hikari's "Connection is closed",
	 * which is what a transaction's rollback meets after the pool evicted the connection
	 * that failed under it (the rollback's failure then replaces the original one).
	 * @param ex the JDBC failure
	 * @return whether the database is unreachable
	 */
	private static boolean isConnectionLost(SQLException ex) {
		String state = ex.getSQLState();
		if (state == null) {
			return "Connection is closed".equals(ex.getMessage());
		}
		return state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03");
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<Object> handleTypeMismatch(MethodArgumentTypeMismatchException ex, WebRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "Parameter '" + ex.getName()
				+ "' has an invalid value: expected "
				+ ((ex.getRequiredType() != null) ? jsonKind(ex.getRequiredType().getSimpleName()) : "another value"));
		problem.setType(URI.create(TYPE_PREFIX + "invalid-request"));
		problem.setTitle("Invalid request");
		return createResponseEntity(problem, new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
	}

	@ExceptionHandler(RequestSizeLimit.BodyTooLargeException.class)
	ResponseEntity<Object> handleTooLarge(RequestSizeLimit.BodyTooLargeException ex, WebRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, ex.getMessage());
		problem.setType(URI.create(TYPE_PREFIX + "body-too-large"));
		problem.setTitle("Request body too large");
		HttpHeaders headers = new HttpHeaders();
		headers.setConnection("close");
		return createResponseEntity(problem, headers, HttpStatus.CONTENT_TOO_LARGE, request);
	}

	@ExceptionHandler(InvalidParameterException.class)
	ResponseEntity<Object> handleUndecodableQuery(InvalidParameterException ex, WebRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The query string is malformed (an invalid %-escape or character encoding): "
						+ "percent-encode each parameter's value as UTF-8");
		problem.setType(URI.create(TYPE_PREFIX + "malformed-request"));
		problem.setTitle("Malformed request");
		return createResponseEntity(problem, new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> handleUnexpected(Exception ex, WebRequest request) {
		if (isDatabaseUnreachable(ex)) {
			return databaseUnavailable(ex, request);
		}
		logger.error("Unexpected error: " + ex.getMessage(), ex);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"An unexpected error occurred; the service log has the details");
		problem.setType(URI.create(TYPE_PREFIX + "internal-error"));
		problem.setTitle("Internal error");
		return createResponseEntity(problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof RequestSizeLimit.BodyTooLargeException tooLarge) {
				return handleTooLarge(tooLarge, request);
			}
		}
		String reason = (ex.getMostSpecificCause() != ex) ? ex.getMostSpecificCause().getMessage() : null;
		if (reason != null) {
			reason = withoutJavaTypes(reason);
			// Jackson's first line says what is wrong; the rest locates it in Java terms
			int newline = reason.indexOf('\n');
			reason = (newline > 0) ? reason.substring(0, newline) : reason;
			if (reason.length() > 300) {
				reason = reason.substring(0, 300) + "…";
			}
		}
		String field = (ex.getMostSpecificCause() instanceof JacksonException jackson) ? jsonPath(jackson) : "";
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The request body is not valid JSON for this endpoint" + (field.isEmpty() ? "" : " at " + field)
						+ ((reason != null) ? ": " + reason : "")
						+ " — send a JSON object as documented in /swagger-ui.html");
		problem.setType(URI.create(TYPE_PREFIX + "malformed-body"));
		problem.setTitle("Malformed request body");
		return createResponseEntity(problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	/**
	 * A request whose body is not JSON, or a mutating request without
	 * {@code Content-Type: application/json}: neither an HTML form nor a simple
	 * cross-origin request can carry that type, so no other site can make a browser start
	 * a backup or a restore.
	 */
	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String sent = (ex.getContentType() != null) ? "Content-Type " + Ids.printable(ex.getContentType().toString())
				: "no Content-Type";
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
				"Send the request with Content-Type: application/json, also when it has no body (this request had "
						+ sent + "): this API accepts JSON only");
		problem.setType(URI.create(TYPE_PREFIX + "unsupported-media-type"));
		problem.setTitle("Unsupported media type");
		return createResponseEntity(problem, headers, HttpStatus.UNSUPPORTED_MEDIA_TYPE, request);
	}

	/**
	 * Jackson's message in JSON's words: {@code `java.util.List<java.lang.String>`}
	 * becomes {@code an array}, a record's class name {@code an object}; no Java type
	 * names.
	 * @param message the message Jackson wrote
	 * @return the message without Java type names
	 */
	static String withoutJavaTypes(String message) {
		String out = CLASS_NOTE.matcher(message).replaceAll("").replace(", not marked as ignorable", "");
		Matcher quoted = QUOTED_TYPE.matcher(out);
		StringBuilder result = new StringBuilder();
		while (quoted.find()) {
			quoted.appendReplacement(result, Matcher.quoteReplacement(jsonKind(quoted.group(1))));
		}
		quoted.appendTail(result);
		return JAVA_NAME.matcher(result).replaceAll("a value");
	}

	private static String jsonKind(String javaType) {
		String raw = javaType.replaceAll("<.*", "");
		String simple = raw.substring(raw.lastIndexOf('.') + 1);
		return switch (simple) {
			case "String", "char", "Character" -> "a string";
			case "int", "Integer", "long", "Long", "double", "Double", "float", "Float", "short", "Short", "byte",
					"Byte", "BigDecimal", "BigInteger" ->
				"a number";
			case "boolean", "Boolean" -> "a boolean";
			default -> (simple.endsWith("List") || simple.endsWith("Set") || simple.endsWith("Collection")
					|| simple.endsWith("[]")) ? "an array" : "an object";
		};
	}

	/**
	 * Where in the body Jackson stopped, as the client wrote it: {@code parameters},
	 * {@code components[2]}.
	 * @param ex the failure to read the request body
	 * @return the path, empty if Jackson failed outside any property or element
	 */
	private static String jsonPath(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				path.append((path.length() > 0) ? "." : "").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

	/**
	 * The one place every error response passes: problems become {@code {"errors":
	 * [...]}} on DC/OS paths.
	 */
	@Override
	protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		HttpHeaders out = new HttpHeaders();
		out.addAll(headers);
		if (isDcos(request)) {
			String message = (body instanceof ProblemDetail problem && problem.getDetail() != null)
					? problem.getDetail() : HttpStatus.valueOf(statusCode.value()).getReasonPhrase();
			out.setContentType(MediaType.APPLICATION_JSON);
			return new ResponseEntity<>(new DcosErrors(List.of(message)), out, statusCode);
		}
		if (body instanceof ProblemDetail) {
			out.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		}
		return new ResponseEntity<>(body, out, statusCode);
	}

	private static boolean isDcos(WebRequest request) {
		if (request instanceof NativeWebRequest nativeRequest) {
			HttpServletRequest servlet = nativeRequest.getNativeRequest(HttpServletRequest.class);
			if (servlet != null) {
				return DcosPaths.matches(servlet.getRequestURI().substring(servlet.getContextPath().length()));
			}
		}
		return false;
	}

	static Map<String, Object> none() {
		return Map.of();
	}

}
