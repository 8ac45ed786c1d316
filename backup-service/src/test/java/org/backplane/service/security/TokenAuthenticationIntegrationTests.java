package org.backplane.service.security;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DC/OS tokens checked against a real JWKS, and static API tokens, with the service's 401
 * in both formats: where the token is read from ({@code token=}, {@code Bearer}, the
 * DC/OS cookie only without an {@code Authorization} header), which tokens are refused
 * (wrong key, unknown {@code kid}, expired, no {@code uid}, {@code alg: none}, a wrong
 * static token) and what the answer says (how to log in, never the token).
 */
class TokenAuthenticationIntegrationTests extends SecuredService {

	private static final String NATIVE = "/api/v1/components";

	private static final String DCOS = "/v1/list";

	@Test
	void aGoodTokenIsReadFromTokenEqualsBearerOrTheCookie() {
		String token = TestTokens.token("vera");
		assertThat(anonymous().with("Authorization", "token=" + token).get(DCOS).statusCode()).isEqualTo(200);
		assertThat(anonymous().with("Authorization", "token=" + token).get(NATIVE).statusCode()).isEqualTo(200);
		assertThat(anonymous().with("Authorization", "Bearer " + token).get(NATIVE).statusCode()).isEqualTo(200);
		assertThat(anonymous().with("Cookie", "dcos-acs-auth-cookie=" + token).get(DCOS).statusCode()).isEqualTo(200);
		assertThat(anonymous().with("Cookie", "other=1; dcos-acs-auth-cookie=" + token).get(NATIVE).statusCode())
			.isEqualTo(200);
	}

	@Test
	void theCookieIsIgnoredWhenAnAuthorizationHeaderIsPresent() {
		Client withCookie = anonymous().with("Cookie", "dcos-acs-auth-cookie=" + TestTokens.token("ada"));
		assertThat(withCookie.with("Authorization", "Bearer not-a-valid-token").get(NATIVE).statusCode())
			.isEqualTo(401);
		assertThat(withCookie.with("Authorization", "Basic YWRhOnNlY3JldA==").get(NATIVE).statusCode()).isEqualTo(401);
		// the header's token counts, not the cookie's: vera may read but not delete
		HttpResponse<String> refused = withCookie.with("Authorization", "token=" + TestTokens.token("vera"))
			.send("DELETE", "/api/v1/backups/cookie-6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f", null, null);
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(body(refused).get("detail").asString()).contains("vera is viewer");
	}

	@Test
	void withoutATokenTheNativeApiAsksForABearerTokenInAProblem() {
		HttpResponse<String> response = anonymous().get(NATIVE);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = body(response);
		assertThat(problem.get("status").asInt()).isEqualTo(401);
		assertThat(problem.get("type").asString()).isEqualTo("https://backplane.dev/problems/authentication-required");
		assertThat(problem.get("detail").asString()).contains("Authorization: Bearer <token>");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/v1/list", "/system/v1/backup/v1/list" })
	void withoutATokenTheDcosApiAsksForADcosLoginInErrors(String path) {
		HttpResponse<String> response = anonymous().get(path);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("acsjwt");
		JsonNode errors = body(response).get("errors");
		assertThat(errors).hasSize(1);
		assertThat(errors.get(0).asString()).contains("dcos auth login");
	}

	@Test
	void aTokenSignedByAnotherKeyIsRefused() {
		assertRefused(TestTokens.token(TestTokens.IMPOSTOR, "ada", Instant.now().plusSeconds(3600)),
				"signature does not verify");
	}

	@Test
	void aTokenWithAnUnknownKeyIdIsRefused() {
		assertRefused(TestTokens.token(TestTokens.UNKNOWN, "ada", Instant.now().plusSeconds(3600)), "unknown kid");
	}

	@Test
	void anExpiredTokenIsRefused() {
		assertRefused(TestTokens.token(TestTokens.TRUSTED, "ada", Instant.now().minus(Duration.ofMinutes(10))),
				"expired");
	}

	@Test
	void aTokenWithoutExpiryIsAccepted() {
		String token = TestTokens.token(TestTokens.TRUSTED, "ada", null);
		assertThat(anonymous().bearer(token).get(NATIVE).statusCode()).isEqualTo(200);
	}

	@Test
	void aTokenWithoutUidIsRefused() {
		assertRefused(TestTokens.token(TestTokens.TRUSTED, null, Instant.now().plusSeconds(3600)), "no uid claim");
	}

	@Test
	void anUnsignedTokenIsRefused() {
		assertRefused(TestTokens.unsigned("ada"), "only RS256");
	}

	@Test
	void aMalformedTokenIsRefused() {
		assertRefused("not.a.jwt", "neither a configured static API token nor a well-formed DC/OS token");
		assertRefused("garbage", "neither a configured static API token nor a well-formed DC/OS token");
	}

	@Test
	void aRefusedTokenOnTheDcosApiSaysLogInAgain() {
		String token = TestTokens.token(TestTokens.IMPOSTOR, "ada", Instant.now().plusSeconds(3600));
		HttpResponse<String> response = anonymous().with("Authorization", "token=" + token).get(DCOS);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("acsjwt");
		assertThat(body(response).get("errors").get(0).asString()).contains("log in again with `dcos auth login`")
			.doesNotContain(token);
	}

	@Test
	void staticApiTokensAuthenticateWithTheirRole() {
		Client ci = anonymous().bearer(TestTokens.CI_TOKEN);
		assertThat(ci.get(NATIVE).statusCode()).isEqualTo(200);
		HttpResponse<String> created = ci.postJson("/v1/create", "{\"label\": \"static-ci\"}");
		assertThat(created.statusCode()).isEqualTo(200);
		Client dashboard = anonymous().with("Authorization", "token=" + TestTokens.DASHBOARD_TOKEN);
		assertThat(dashboard.get(DCOS).statusCode()).isEqualTo(200);
		HttpResponse<String> refused = dashboard.postJson("/v1/create", "{\"label\": \"static-dash\"}");
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(body(refused).get("errors").get(0).asString()).contains("needs the operator role")
			.contains("dashboard is viewer");
	}

	@Test
	void aWrongStaticTokenIsRefused() {
		assertRefused(TestTokens.CI_TOKEN + "x", "neither a configured static API token");
	}

	@Test
	void aUidWrittenInBracketsHasItsRole() {
		assertThat(as("first.last@example.com").get(NATIVE).statusCode()).isEqualTo(200);
	}

	@Test
	void aUidWithoutRoleIsForbiddenNamingTheRoleNeeded() {
		HttpResponse<String> response = as("nobody").get(NATIVE);
		assertThat(response.statusCode()).isEqualTo(403);
		JsonNode problem = body(response);
		assertThat(problem.get("type").asString()).isEqualTo("https://backplane.dev/problems/role-required");
		assertThat(problem.get("requiredRole").asString()).isEqualTo("viewer");
		assertThat(problem.get("detail").asString()).contains("needs the viewer role")
			.contains("nobody has no role")
			.contains("backplane.security.roles");
	}

	private void assertRefused(String token, String reason) {
		HttpResponse<String> response = anonymous().bearer(token).get(NATIVE);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
		JsonNode problem = body(response);
		assertThat(problem.get("type").asString()).isEqualTo("https://backplane.dev/problems/invalid-token");
		assertThat(problem.get("detail").asString()).contains(reason)
			.contains("Authorization: Bearer <token>")
			.doesNotContain(token);
		for (String part : token.split("\\.")) {
			if (part.length() > 8) {
				assertThat(response.body()).doesNotContain(part);
			}
		}
	}

}
