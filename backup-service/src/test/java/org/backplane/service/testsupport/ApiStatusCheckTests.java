package org.backplane.service.testsupport;

import java.util.List;

import org.backplane.service.testsupport.ApiStatusCheck.DocumentedStatuses;
import org.backplane.service.testsupport.ApiStatusRecorder.Observed;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check behind {@link ApiStatusCheck}: answers are matched to the description's
 * operations by method and path template, and a status the operation does not list is
 * reported.
 */
class ApiStatusCheckTests {

	private static final String SPEC = """
			{"paths": {
			  "/api/v1/backups": {"post": {"responses": {"202": {}, "400": {}}}},
			  "/api/v1/backups/{id}": {"get": {"responses": {"200": {}, "404": {}}},
			                           "delete": {"responses": {"204": {}}}},
			  "/api/v1/backups/{id}/restores": {"post": {"responses": {"202": {}}}}
			}}
			""";

	private final DocumentedStatuses documented = new DocumentedStatuses(SPEC);

	@Test
	void documentedStatusesPass() {
		assertThat(this.documented.undocumented(List.of(new Observed("POST", "/api/v1/backups", 202),
				new Observed("POST", "/api/v1/backups", 400), new Observed("GET", "/api/v1/backups/b-1", 404),
				new Observed("POST", "/api/v1/backups/b-1/restores", 202))))
			.isEmpty();
	}

	@Test
	void anUndocumentedStatusIsReportedWithItsOperation() {
		assertThat(this.documented.undocumented(List.of(new Observed("DELETE", "/api/v1/backups/b-1", 409),
				new Observed("DELETE", "/api/v1/backups/b-2", 409), new Observed("POST", "/api/v1/backups", 500))))
			.containsExactly("DELETE /api/v1/backups/{id} -> 409 (e.g. /api/v1/backups/b-1)",
					"POST /api/v1/backups -> 500 (e.g. /api/v1/backups)");
	}

	@Test
	void pathsAndMethodsTheDescriptionDoesNotHaveAreNotChecked() {
		assertThat(this.documented.undocumented(List.of(new Observed("GET", "/actuator/health", 503),
				new Observed("HEAD", "/api/v1/backups/b-1", 405), new Observed("GET", "/api/v1/backups/b-1/x", 404),
				new Observed("PUT", "/api/v1/backups", 405))))
			.isEmpty();
	}

}
