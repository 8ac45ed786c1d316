package org.backplane.service.plan;

import java.util.List;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.ListBlobsOptions;
import org.backplane.service.testservers.TestServers;

/**
 * The test's own view of Azurite, through the Azure SDK rather than Backplane's code.
 */
final class AzureListing {

	private AzureListing() {
	}

	static BlobContainerClient container(String name) {
		return new BlobServiceClientBuilder().connectionString(TestServers.azurite().connectionString())
			.buildClient()
			.getBlobContainerClient(name);
	}

	static List<String> names(String container, String prefix) {
		return container(container).listBlobs(new ListBlobsOptions().setPrefix(prefix), null)
			.stream()
			.map((b) -> b.getName())
			.toList();
	}

	static void upload(String container, String name, byte[] content) {
		container(container).getBlobClient(name).upload(BinaryData.fromBytes(content), true);
	}

}
