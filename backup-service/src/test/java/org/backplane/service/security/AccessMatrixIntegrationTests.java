package org.backplane.service.security;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.backplane.service.support.Role;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may call what, generated from the service's own OpenAPI description: every
 * operation × {no token, a bad token, viewer, operator, admin} gives the expected status
 * (401, 401, then 403 below the role the operation needs and an answer that is neither
 * 401 nor 403 from it on). An operation the description lists and {@link #REQUIRED} does
 * not fails the test, so an endpoint added without a rule fails the build. Then real
 * successes per role, the content rules through the API (an operator's overwrite restore
 * is refused naming admin, its fail-if-exists restore runs), and what anyone may read
 * (liveness, readiness) and what needs viewer (health details, the OpenAPI description,
 * Swagger UI).
 */
class AccessMatrixIntegrationTests extends SecuredService {

	/**
	 * The role each operation needs, by {@code METHOD path} as the description has it.
	 */
	private static final Map<String, Role> REQUIRED = Map.ofEntries(Map.entry("GET /api/v1/backups", Role.VIEWER),
			Map.entry("POST /api/v1/backups", Role.OPERATOR), Map.entry("GET /api/v1/backups/{id}", Role.VIEWER),
			Map.entry("DELETE /api/v1/backups/{id}", Role.ADMIN),
			Map.entry("GET /api/v1/backups/{id}/restores", Role.VIEWER),
			Map.entry("POST /api/v1/backups/{id}/restores", Role.OPERATOR),
			Map.entry("POST /api/v1/components/{name}/mirror", Role.OPERATOR),
			Map.entry("GET /api/v1/components/{name}/mirror-runs/{runId}", Role.VIEWER),
			Map.entry("GET /api/v1/components/{name}/mirror-runs", Role.VIEWER),
			Map.entry("GET /api/v1/backups/{id}/restores/{restoreId}", Role.VIEWER),
			Map.entry("PATCH /api/v1/backups/{id}", Role.ADMIN), Map.entry("GET /api/v1/schedules", Role.VIEWER),
			Map.entry("POST /api/v1/schedules", Role.ADMIN), Map.entry("GET /api/v1/schedules/{name}", Role.VIEWER),
			Map.entry("PUT /api/v1/schedules/{name}", Role.ADMIN),
			Map.entry("DELETE /api/v1/schedules/{name}", Role.ADMIN),
			Map.entry("POST /api/v1/schedules/{name}/run", Role.OPERATOR),
			Map.entry("POST /api/v1/schedules/{name}/pause", Role.ADMIN),
			Map.entry("POST /api/v1/schedules/{name}/resume", Role.ADMIN),
			Map.entry("GET /api/v1/schedules/{name}/retention-preview", Role.VIEWER),
			Map.entry("POST /api/v1/retention", Role.ADMIN), Map.entry("GET /api/v1/components", Role.VIEWER),
			Map.entry("GET /api/v1/storage-locations", Role.VIEWER), Map.entry("POST /v1/create", Role.OPERATOR),
			Map.entry("GET /v1/list", Role.VIEWER), Map.entry("POST /v1/restore", Role.OPERATOR),
			Map.entry("DELETE /v1/delete", Role.ADMIN), Map.entry("POST /system/v1/backup/v1/create", Role.OPERATOR),
			Map.entry("GET /system/v1/backup/v1/list", Role.VIEWER),
			Map.entry("POST /system/v1/backup/v1/restore", Role.OPERATOR),
			Map.entry("DELETE /system/v1/backup/v1/delete", Role.ADMIN),
			Map.entry("POST /api/v1/backups/{id}/verifications", Role.OPERATOR),
			Map.entry("GET /api/v1/backups/{id}/archive", Role.ADMIN),
			Map.entry("POST /api/v1/backups/import", Role.ADMIN),
			Map.entry("POST /api/v1/storage-locations/{name}/sync", Role.ADMIN),
			Map.entry("GET /v1/plans", Role.VIEWER), Map.entry("GET /v1/plans/{plan}", Role.VIEWER),
			Map.entry("POST /v1/plans/{plan}/start", Role.OPERATOR),
			Map.entry("POST /v1/plans/{plan}/stop", Role.OPERATOR),
			Map.entry("POST /v1/plans/{plan}/interrupt", Role.OPERATOR),
			Map.entry("POST /v1/plans/{plan}/continue", Role.OPERATOR),
			Map.entry("POST /v1/plans/{plan}/forceComplete", Role.OPERATOR),
			Map.entry("POST /v1/plans/{plan}/restart", Role.OPERATOR),
			Map.entry("GET /system/v1/backup/v1/plans", Role.VIEWER),
			Map.entry("GET /system/v1/backup/v1/plans/{plan}", Role.VIEWER),
			Map.entry("POST /system/v1/backup/v1/plans/{plan}/start", Role.OPERATOR),
			Map.entry("POST /system/v1/backup/v1/plans/{plan}/stop", Role.OPERATOR),
			Map.entry("POST /system/v1/backup/v1/plans/{plan}/interrupt", Role.OPERATOR),
			Map.entry("POST /system/v1/backup/v1/plans/{plan}/continue", Role.OPERATOR),
			Map.entry("POST /system/v1/backup/v1/plans/{plan}/forceComplete", Role.OPERATOR),
			Map.entry("POST /system/v1/backup/v1/plans/{plan}/restart", Role.OPERATOR));

	private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch",
			"trace");

	@Test
	void everyOperationAnswersEachRoleAsItsRuleSays() {
		JsonNode paths = body(viewer().get("/v3/api-docs")).get("paths");
		List<String> operations = new ArrayList<>();
		for (String path : paths.propertyNames()) {
			for (String method : METHODS) {
				if (paths.get(path).has(method)) {
					operations.add(method.toUpperCase() + " " + path);
				}
			}
		}
		assertThat(operations).as("operations in /v3/api-docs").hasSizeGreaterThanOrEqualTo(REQUIRED.size());
		List<String> failures = new ArrayList<>();
		for (String operation : operations) {
			Role needed = REQUIRED.get(operation);
			if (needed == null) {
				failures.add(operation + ": no rule in the test's table; add the role it needs");
				continue;
			}
			check(failures, operation, "no token", anonymous(), 401);
			check(failures, operation, "a bad token", anonymous().bearer("not-a-token"), 401);
			for (Role role : Role.values()) {
				Client client = switch (role) {
					case VIEWER -> viewer();
					case OPERATOR -> operator();
					case ADMIN -> admin();
				};
				check(failures, operation, role.value(), client, role.covers(needed) ? 0 : 403);
			}
		}
		assertThat(failures).isEmpty();
	}

	/**
	 * Calls an operation with a syntactically valid id (or component name) that names
	 * nothing and an empty JSON object as body.
	 * @param expected the status, or 0 for anything but 401, 403 and 5xx
	 */
	private static void check(List<String> failures, String operation, String who, Client client, int expected) {
		String method = operation.substring(0, operation.indexOf(' '));
		String path = operation.substring(operation.indexOf(' ') + 1)
			.replace("{id}", "matrix-" + UUID.randomUUID())
			.replace("{restoreId}", "restore:" + UUID.randomUUID())
			.replace("{runId}", "mirror:" + UUID.randomUUID())
			.replace("{name}", "matrix-component")
			.replace("{plan}", "backup-s3");
		boolean body = !method.equals("GET");
		HttpResponse<String> response = client.send(method, path, body ? "application/json" : null, body ? "{}" : null);
		int status = response.statusCode();
		boolean ok = (expected != 0) ? status == expected : (status != 401 && status != 403 && status < 500);
		if (!ok) {
			failures.add(operation + " with " + who + ": " + status + ", expected "
					+ ((expected != 0) ? expected : "neither 401 nor 403") + ": " + response.body());
		}
	}

	@Test
	void eachRoleSucceedsAtWhatItMayDo() {
		HttpResponse<String> list = viewer().get("/api/v1/backups");
		assertThat(list.statusCode()).isEqualTo(200);
		HttpResponse<String> created = operator().postJson("/api/v1/backups",
				"{\"label\": \"matrix-ok\", \"components\": [\"alpha\"]}");
		assertThat(created.statusCode()).isEqualTo(202);
		String id = body(created).get("id").asString();
		awaitStatus(id, "STATUS_READY");
		HttpResponse<String> refused = operator().send("DELETE", "/api/v1/backups/" + id, null, null);
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(body(refused).get("requiredRole").asString()).isEqualTo("admin");
		assertThat(admin().send("DELETE", "/api/v1/backups/" + id, null, null).statusCode()).isEqualTo(204);
		assertThat(viewer().get("/api/v1/backups/" + id).statusCode()).isEqualTo(404);
	}

	@Test
	void anOperatorRestoresWithoutOverwritingButNeedsAdminToOverwrite() {
		String id = readyBackup("matrix-restore", "alpha", "gamma");
		String restores = "/api/v1/backups/" + id + "/restores";
		HttpResponse<String> overwrite = operator().postJson(restores, "{\"policy\": \"overwrite\"}");
		assertThat(overwrite.statusCode()).isEqualTo(403);
		JsonNode problem = body(overwrite);
		assertThat(problem.get("requiredRole").asString()).isEqualTo("admin");
		assertThat(problem.get("detail").asString()).contains("policy overwrite needs the admin role")
			.contains("otto is operator");
		// gamma's configured policy is overwrite: a restore naming no policy overwrites
		// it
		HttpResponse<String> configured = operator().postJson(restores, "{}");
		assertThat(configured.statusCode()).isEqualTo(403);
		assertThat(body(configured).get("detail").asString()).contains("component gamma with policy overwrite");
		HttpResponse<String> dcos = operator().postJson("/v1/restore", "{\"id\": \"" + id + "\"}");
		assertThat(dcos.statusCode()).isEqualTo(403);
		assertThat(body(dcos).get("errors").get(0).asString()).contains("needs the admin role");
		HttpResponse<String> targetPath = operator().postJson(restores,
				"{\"components\": [\"alpha\"], \"policy\": \"fail-if-exists\", \"targetPath\": \"/tmp/elsewhere\"}");
		assertThat(targetPath.statusCode()).isEqualTo(403);
		assertThat(body(targetPath).get("detail").asString()).contains("targetPath needs the admin role");
		HttpResponse<String> started = operator().postJson(restores, "{\"policy\": \"fail-if-exists\"}");
		assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
		awaitStatus(id, "STATUS_READY");
	}

	@Test
	void aViewerCannotCreateThroughTheDcosApiAndIsToldWhichRoleItNeeds() {
		HttpResponse<String> response = viewer().postJson("/system/v1/backup/v1/create", "{\"label\": \"nope\"}");
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(body(response).get("errors").get(0).asString())
			.contains("POST /system/v1/backup/v1/create needs the operator role")
			.contains("vera is viewer");
	}

	@Test
	void livenessAndReadinessAnswerAnyoneWithoutDetails() {
		for (String probe : List.of("/actuator/health/liveness", "/actuator/health/readiness")) {
			HttpResponse<String> response = anonymous().get(probe);
			assertThat(response.statusCode()).as(probe).isEqualTo(200);
			assertThat(body(response).propertyNames()).as(probe).containsExactly("status");
		}
	}

	@Test
	void healthDetailsAndTheApiDescriptionNeedTheViewerRole() {
		for (String path : List.of("/actuator/health", "/v3/api-docs", "/swagger-ui.html", "/actuator/info",
				"/actuator/prometheus")) {
			assertThat(anonymous().get(path).statusCode()).as(path).isEqualTo(401);
			assertThat(as("nobody").get(path).statusCode()).as(path).isEqualTo(403);
			assertThat(viewer().get(path).statusCode()).as(path).isIn(200, 302);
		}
		assertThat(body(viewer().get("/actuator/health")).has("components")).isTrue();
	}

	@Test
	void theApiDescriptionOffersTheTokenToSwaggerUi() {
		JsonNode spec = body(viewer().get("/v3/api-docs"));
		JsonNode scheme = spec.get("components").get("securitySchemes").get("token");
		assertThat(scheme.get("type").asString()).isEqualTo("http");
		assertThat(scheme.get("scheme").asString()).isEqualTo("bearer");
		assertThat(spec.get("security").get(0).has("token")).isTrue();
		assertThat(spec.toString()).as("the caller is no request parameter").doesNotContain("\"caller\"");
	}

}
