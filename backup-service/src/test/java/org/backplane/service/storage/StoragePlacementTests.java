package org.backplane.service.storage;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Which per-request parameters are recorded with a backup (where it lives) and how they
 * are laid over a later request's.
 */
class StoragePlacementTests {

	@Test
	void placementKeepsOnlyWhereParametersUnderAnySpelling() {
		Map<String, String> placement = StorageLocations
			.placement(Map.of("S3_BUCKET_NAME", "b", "aws-region", "eu-west-1", "AWS_SECRET_ACCESS_KEY", "s3cr3t",
					"containerName", "c", "AZURE_STORAGE_KEY", "k", "CLIENT_ID", "id"));
		assertThat(placement).containsOnlyKeys("S3_BUCKET_NAME", "aws-region", "containerName");
		assertThat(StorageLocations.placement(null)).isEmpty();
	}

	@Test
	void recordedPlacementIsLaidOverTheRequest() {
		Map<String, String> merged = StorageLocations.withPlacement(Map.of("S3_BUCKET_NAME", "b"),
				Map.of("s3-bucket-name", "b", "AWS_ACCESS_KEY_ID", "id"));
		assertThat(merged).containsExactlyInAnyOrderEntriesOf(Map.of("S3_BUCKET_NAME", "b", "AWS_ACCESS_KEY_ID", "id"));
		assertThat(StorageLocations.withPlacement(Map.of("S3_BUCKET_NAME", "b"), null))
			.isEqualTo(Map.of("S3_BUCKET_NAME", "b"));
	}

	@Test
	void aRequestNamingAnotherPlaceIsRefusedNamingBoth() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StorageLocations.withPlacement(Map.of("S3_BUCKET_NAME", "b"),
					Map.of("S3_BUCKET_NAME", "other")))
			.withMessageContaining("S3_BUCKET_NAME")
			.withMessageContaining("'b'")
			.withMessageContaining("'other'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StorageLocations.withPlacement(Map.of(), Map.of("CONTAINER_NAME", "other")))
			.withMessageContaining("written with none");
	}

}
