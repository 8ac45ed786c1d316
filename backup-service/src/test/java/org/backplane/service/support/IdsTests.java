package org.backplane.service.support;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class IdsTests {

	@ParameterizedTest
	@ValueSource(strings = { "abc", "a_b", "__.", "12-", "Ab.c-d_e", "abcdefghijklmnopqrstuvwxy", "_a-..--" })
	void acceptsValidLabels(String label) {
		assertThat(Ids.isValidLabel(label)).isTrue();
		assertThat(Ids.isBackupId(Ids.newBackupId(label))).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "a", "ab", "abcdefghijklmnopqrstuvwxyz", "..a", ".ab", "-ab", "a.b", "a-b", "é12",
			"ab c", "ab/c", "ab:c", "abc\n", "ab\u0000" })
	void rejectsInvalidLabelsNamingTheRule(String label) {
		assertThat(Ids.isValidLabel(label)).isFalse();
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> Ids.checkLabel(label))
			.withMessageContaining("3 to 25 characters");
	}

	@Test
	void rejectsNullLabel() {
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> Ids.checkLabel(null));
	}

	@Test
	void backupIdIsLabelAndUuid4() {
		String id = Ids.newBackupId("nightly");
		assertThat(id).startsWith("nightly-");
		UUID uuid = UUID.fromString(id.substring("nightly-".length()));
		assertThat(uuid.version()).isEqualTo(4);
	}

	@Test
	void rejectsBackupIdsWithoutUuid4() {
		assertThat(Ids.isBackupId("nightly-" + UUID.nameUUIDFromBytes(new byte[] { 1 }))).isFalse();
		assertThat(Ids.isBackupId("nightly")).isFalse();
		assertThat(Ids.isBackupId("ab-" + UUID.randomUUID())).isFalse();
		assertThat(Ids.isBackupId("nightly-" + UUID.randomUUID().toString().toUpperCase())).isFalse();
	}

	@Test
	void restoreIdIsNeverABackupId() {
		for (int i = 0; i < 1000; i++) {
			String id = Ids.newRestoreId();
			assertThat(Ids.isRestoreId(id)).isTrue();
			assertThat(Ids.isBackupId(id)).isFalse();
		}
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> Ids.checkBackupId(Ids.newRestoreId()))
			.withMessageContaining("is a restore id, not a backup id");
	}

	@Test
	void printableEscapesControlCharactersAndCapsLength() {
		assertThat(Ids.printable("a\nb")).isEqualTo("a\\u000ab");
		assertThat(Ids.printable("x".repeat(500))).hasSizeLessThan(100);
	}

}
