package org.backplane.service.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.backplane.service.testsupport.ApiStatusRecorder.Observed;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * After each test class, checks that every status the service answered to an operation of
 * the committed API description ({@code docs/openapi.json}) is documented for that
 * operation, and fails the class naming the answers that are not (GH-20). Requests to
 * paths or methods the description does not have (Actuator, Swagger UI, unknown routes,
 * {@code HEAD}, CORS preflights) are not checked. Registered for every test class by
 * JUnit's extension auto-detection ({@code META-INF/services}).
 */
public final class ApiStatusCheck implements AfterAllCallback {

	private static final Path COMMITTED = Path.of("..", "docs", "openapi.json");

	private static DocumentedStatuses documented;

	@Override
	public void afterAll(ExtensionContext context) {
		List<Observed> answers = ApiStatusRecorder.drain();
		if (answers.isEmpty()) {
			return;
		}
		Set<String> undocumented = documented().undocumented(answers);
		if (!undocumented.isEmpty()) {
			throw new AssertionError("Statuses answered but not documented in docs/openapi.json (add them to the "
					+ "description, e.g. in web/OpenApiResponses, and regenerate it): " + undocumented);
		}
	}

	private static synchronized DocumentedStatuses documented() {
		if (documented == null) {
			try {
				documented = new DocumentedStatuses(Files.readString(COMMITTED));
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot read " + COMMITTED.toAbsolutePath(), ex);
			}
		}
		return documented;
	}

	/**
	 * The status codes an OpenAPI description documents per operation.
	 */
	static final class DocumentedStatuses {

		private final Map<String, Operation> operations = new TreeMap<>();

		DocumentedStatuses(String openApiJson) {
			JsonNode paths = JsonMapper.builder().build().readTree(openApiJson).path("paths");
			for (Map.Entry<String, JsonNode> path : paths.properties()) {
				Pattern pattern = Pattern
					.compile(Pattern.quote(path.getKey()).replaceAll("\\{[^}/]+\\}", "\\\\E[^/]+\\\\Q"));
				for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
					Set<String> codes = new LinkedHashSet<>();
					method.getValue().path("responses").propertyNames().forEach(codes::add);
					this.operations.put(method.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(),
							new Operation(method.getKey().toUpperCase(Locale.ROOT), pattern, codes));
				}
			}
		}

		/**
		 * The answers whose status is not documented for the operation they went to.
		 * @param answers what the service answered
		 * @return {@code <METHOD> <path template> -> <status> (e.g. <path>)}, once each
		 */
		Set<String> undocumented(List<Observed> answers) {
			Map<String, String> missing = new LinkedHashMap<>();
			for (Observed answer : answers) {
				for (Map.Entry<String, Operation> entry : this.operations.entrySet()) {
					Operation operation = entry.getValue();
					if (operation.method().equals(answer.method()) && operation.path().matcher(answer.path()).matches()
							&& !operation.codes().contains(String.valueOf(answer.status()))) {
						missing.putIfAbsent(entry.getKey() + " -> " + answer.status(), answer.path());
					}
				}
			}
			Set<String> lines = new LinkedHashSet<>();
			missing.forEach((key, example) -> lines.add(key + " (e.g. " + example + ")"));
			return lines;
		}

	}

	private record Operation(String method, Pattern path, Set<String> codes) {
	}

}
