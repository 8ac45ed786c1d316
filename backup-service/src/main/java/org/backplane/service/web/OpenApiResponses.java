package org.backplane.service.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.backplane.service.support.DcosPaths;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Completes the generated description with what springdoc cannot see: the error answers
 * each operation gives (RFC 9457 problems on the native API, {@code {"errors": [...]}} on
 * the DC/OS paths, both produced by {@link ProblemDetailsAdvice} and the security layer),
 * the {@code Location} header of the 202 answers, and request examples that work as
 * Swagger UI sends them (its generated ones, such as {@code "components": ["string"]},
 * are refused). {@code ApiStatusRecorder} in the tests checks that every status the API
 * tests observe is listed here.
 */
final class OpenApiResponses implements OpenApiCustomizer {

	static final String PROBLEM = "Problem";

	static final String DCOS_ERRORS = "DcosErrors";

	private static final String BACKUP_ID_EXAMPLE = "nightly-5b0f2a9e-6a8e-4c47-9a70-1c2d3e4f5a6b";

	@Override
	public void customise(OpenAPI openApi) {
		openApi.getComponents().addSchemas(PROBLEM, problemSchema()).addSchemas(DCOS_ERRORS, dcosErrorsSchema());
		examples(openApi.getComponents().getSchemas());
		openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
			Map<String, String> errors = errors(method, path);
			ApiResponses responses = operation.getResponses();
			errors.forEach((code, description) -> {
				if (code.startsWith("2") || code.equals("417")) {
					// a plan's own answers: its body is the plan (or none), not an error
					responses.putIfAbsent(code, new ApiResponse().description(description));
				}
				else {
					responses.addApiResponse(code, error(path, description));
				}
			});
			locationHeader(method, path, responses);
			sort(operation);
		}));
	}

	/**
	 * The error answers of an operation, by status code.
	 * @param method the operation's method
	 * @param path its path template
	 * @return status code to description
	 */
	static Map<String, String> errors(PathItem.HttpMethod method, String path) {
		boolean dcos = DcosPaths.matches(path);
		boolean mutating = method != PathItem.HttpMethod.GET;
		Map<String, String> errors = new LinkedHashMap<>();
		if (mutating) {
			errors.put("400", "Invalid request: the body, an id or a parameter is wrong, and the message says what "
					+ "to fix (also a per-request endpoint or bucket the storage location does not allow)");
		}
		else if (path.contains("{") || path.equals("/api/v1/backups") || path.endsWith("/list")) {
			errors.put("400", "Invalid id or query parameter: the message says what to fix");
		}
		errors.put("401", "No valid token (only when authentication is configured): the message says how to log in");
		errors.put("403", "The caller's role does not allow it: the message names the role needed");
		if (path.contains("{name}")) {
			errors.put("404", "No schedule, component or storage location of this name");
		}
		if (path.contains("{runId}")) {
			errors.put("404", "No component of this name, or no mirror run of this id for it");
		}
		if (path.contains("{id}") || (dcos && (path.endsWith("/restore") || path.endsWith("/delete")))) {
			errors.put("404", path.contains("{restoreId}") ? "No such backup or restore" : "No backup with this id");
		}
		if (mutating) {
			errors.put("409", conflict(method, path));
			errors.put("413", "The request body is larger than the service accepts");
			errors.put("415", "The request's Content-Type is not application/json (a body-less POST too)");
		}
		if (path.endsWith("/list")) {
			errors.put("500", "The catalogue could not be read (before any of the list was sent; a failure "
					+ "later cuts the connection instead)");
		}
		if (path.contains("/plans/{plan}")) {
			plans(method, path, errors);
		}
		errors.put("503", "The database, the storage location or the token check is unavailable: retry later");
		return errors;
	}

	// the DC/OS SDK plan API's own codes: a plan's state in GET, 208 for a command that
	// changes nothing
	private static void plans(PathItem.HttpMethod method, String path, Map<String, String> errors) {
		errors.put("404", "No plan of this name");
		if (method == PathItem.HttpMethod.GET) {
			errors.put("202", "The plan is pending or in progress (the body is the plan)");
			errors.put("417", "The plan failed (the body is the plan, the failed step's message in it)");
		}
		else {
			errors.put("208", "Nothing to do: the plan is already in the state asked for");
			errors.put("409", "The plan cannot do that now (running, or a step that cannot be forced): the "
					+ "message says what to do instead");
		}
	}

	private static String conflict(PathItem.HttpMethod method, String path) {
		if (method == PathItem.HttpMethod.DELETE) {
			return "The backup is being written or restored";
		}
		if (path.endsWith("/restores") || path.endsWith("/restore")) {
			return "The backup is not STATUS_READY, or a component is busy with another backup or restore";
		}
		if (path.endsWith("/mirror")) {
			return "The component is busy with a backup (the backup plan's mirror too), a restore or another "
					+ "mirror run: the message names it";
		}
		return "A component is busy with another backup or restore";
	}

	private static ApiResponse error(String path, String description) {
		boolean dcos = DcosPaths.matches(path);
		String mediaType = dcos ? org.springframework.http.MediaType.APPLICATION_JSON_VALUE
				: org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;
		Schema<?> schema = new Schema<>().$ref("#/components/schemas/" + (dcos ? DCOS_ERRORS : PROBLEM));
		return new ApiResponse().description(description)
			.content(new Content().addMediaType(mediaType, new MediaType().schema(schema)));
	}

	private static void locationHeader(PathItem.HttpMethod method, String path, ApiResponses responses) {
		ApiResponse accepted = responses.get("202");
		if (method == PathItem.HttpMethod.POST && accepted != null) {
			if (path.endsWith("/mirror")) {
				accepted.description("The mirror run is saved STATUS_MIRRORING and queued");
				accepted.addHeaderObject("Location",
						new Header().description("/api/v1/components/{name}/mirror-runs/{runId}")
							.schema(new StringSchema()));
				return;
			}
			accepted.description(path.endsWith("/restores") ? "The restore is saved STATUS_RESTORING and queued"
					: path.endsWith("/verifications") ? "The verification is queued; the body is the backup"
							: "The backup is saved STATUS_BACKING_UP and queued");
			accepted
				.addHeaderObject("Location",
						new Header().description(path.endsWith("/restores")
								? "/api/v1/backups/{id}/restores/{restoreId}" : "/api/v1/backups/{id}")
							.schema(new StringSchema()));
		}
	}

	private static void sort(Operation operation) {
		ApiResponses sorted = new ApiResponses();
		new TreeMap<>(operation.getResponses()).forEach(sorted::addApiResponse);
		operation.setResponses(sorted);
	}

	private static Schema<?> problemSchema() {
		return new ObjectSchema().description("An RFC 9457 problem (application/problem+json)")
			.addProperty("type", new StringSchema().description("A URI naming the kind of problem"))
			.addProperty("title", new StringSchema().description("A short summary of the kind of problem"))
			.addProperty("status", new IntegerSchema().description("The HTTP status code"))
			.addProperty("detail", new StringSchema().description("What went wrong and what to fix"))
			.addProperty("instance", new StringSchema().description("The request's path"));
	}

	private static Schema<?> dcosErrorsSchema() {
		return new ObjectSchema().description("The DC/OS backup API's error body")
			.addProperty("errors", new ArraySchema().items(new StringSchema()).description("What went wrong"))
			.required(List.of("errors"));
	}

	/**
	 * Examples Swagger UI fills in and that the service accepts as they are: the label
	 * only (every configured component), no policy (each component's own), no per-request
	 * parameters.
	 * @param schemas the component schemas
	 */
	private static void examples(Map<String, Schema> schemas) {
		example(schemas, "CreateBackupRequest", Map.of("label", "nightly"));
		example(schemas, "DcosCreateRequest", Map.of("label", "nightly"));
		example(schemas, "CreateRestoreRequest", Map.of());
		example(schemas, "DeleteBackupRequest", Map.of());
		example(schemas, "DcosIdRequest", Map.of("id", BACKUP_ID_EXAMPLE));
	}

	private static void example(Map<String, Schema> schemas, String name, Object example) {
		Schema<?> schema = schemas.get(name);
		if (schema != null) {
			schema.setExample(example);
		}
	}

}
