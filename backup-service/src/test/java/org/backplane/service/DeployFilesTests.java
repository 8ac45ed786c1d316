package org.backplane.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deploy files run the JVM alike: the Marathon app gives the JVM every option the
 * image does (but the heap, which it sets with {@code -Xmx} rather than as a share of a
 * container's limit) and the same malloc setting. The storage benchmark starts the
 * service with the image's options, so they are what docs/operations.md measured.
 */
class DeployFilesTests {

	private static final Path DEPLOY = Path.of("..", "deploy");

	private static final Pattern JAVA_TOOL_OPTIONS = Pattern.compile("JAVA_TOOL_OPTIONS=\"([^\"]*)\"");

	private static final Pattern MALLOC_ARENA_MAX = Pattern.compile("MALLOC_ARENA_MAX=(\\d+)");

	@Test
	void marathonGivesTheJvmTheImagesOptions() throws IOException {
		List<String> imageOptions = Arrays.asList(imageJavaToolOptions().split("\\s+"));
		assertThat(imageOptions).contains("-XX:+UseSerialGC", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30");
		List<String> command = Arrays.asList(marathon().get("cmd").asString().split("\\s+"));
		assertThat(command).startsWith("java").anyMatch((word) -> word.startsWith("-Xmx"));
		for (String option : imageOptions) {
			if (!option.startsWith("-XX:MaxRAMPercentage=")) {
				assertThat(command).as("marathon.json's cmd has the image's %s", option).contains(option);
			}
		}
	}

	// The image's JVM is a recent Java 17 (eclipse-temurin:17-jre); the JVM that runs the
	// tests must start with every option too, so a misspelt or removed option fails here
	@Test
	void theJvmStartsWithTheImagesOptions() throws Exception {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(Arrays.asList(imageJavaToolOptions().split("\\s+")));
		command.add("-version");
		Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(java.waitFor()).as("java %s: %s", command, output).isZero();
		assertThat(output).doesNotContain("Unrecognized", "Ignoring option");
	}

	@Test
	void marathonSetsTheImagesMallocArenas() throws IOException {
		Matcher image = MALLOC_ARENA_MAX.matcher(Files.readString(DEPLOY.resolve("Dockerfile")));
		assertThat(image.find()).as("the Dockerfile sets MALLOC_ARENA_MAX").isTrue();
		assertThat(marathon().get("env").get("MALLOC_ARENA_MAX").asString()).isEqualTo(image.group(1));
	}

	private static String imageJavaToolOptions() throws IOException {
		Matcher matcher = JAVA_TOOL_OPTIONS.matcher(Files.readString(DEPLOY.resolve("Dockerfile")));
		assertThat(matcher.find()).as("the Dockerfile sets JAVA_TOOL_OPTIONS").isTrue();
		return matcher.group(1).trim();
	}

	private static JsonNode marathon() throws IOException {
		return JsonMapper.builder().build().readTree(Files.readString(DEPLOY.resolve("marathon.json")));
	}

}
