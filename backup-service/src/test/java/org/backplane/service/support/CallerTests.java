package org.backplane.service.support;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Each role includes the ones below it, and a refusal names the role needed.
 */
class CallerTests {

	@Test
	void eachRoleCoversItselfAndTheRolesBelow() {
		assertThat(Role.ADMIN.covers(Role.OPERATOR)).isTrue();
		assertThat(Role.ADMIN.covers(Role.VIEWER)).isTrue();
		assertThat(Role.OPERATOR.covers(Role.OPERATOR)).isTrue();
		assertThat(Role.OPERATOR.covers(Role.ADMIN)).isFalse();
		assertThat(Role.VIEWER.covers(Role.OPERATOR)).isFalse();
	}

	@Test
	void aRefusalNamesTheRoleNeededAndTheCallersRole() {
		Caller viewer = new Caller("alice", Role.VIEWER);
		assertThatExceptionOfType(Caller.RoleRequiredException.class)
			.isThrownBy(() -> viewer.require(Role.OPERATOR, "creating a backup"))
			.withMessage("Forbidden: creating a backup needs the operator role; alice is viewer")
			.satisfies((ex) -> assertThat(ex.getKind()).isEqualTo(BackplaneException.Kind.FORBIDDEN))
			.satisfies((ex) -> assertThat(ex.getProperties()).containsEntry("requiredRole", "operator"));
		assertThatNoException().isThrownBy(() -> Caller.anonymousAdmin().require(Role.ADMIN, "deleting a backup"));
	}

	@Test
	void rolesAreReadInAnyCaseAndUnknownOnesAreRefused() {
		assertThat(Role.of(" Admin ")).isEqualTo(Role.ADMIN);
		assertThatIllegalArgumentException().isThrownBy(() -> Role.of("root"))
			.withMessageContaining("viewer, operator or admin");
	}

}
