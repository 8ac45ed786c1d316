package org.backplane.service.backup;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.backplane.client.BackplaneClient;
import org.backplane.client.model.BackupStatus;
import org.backplane.client.model.CreateBackupRequest;
import org.backplane.client.model.CreateRestoreRequest;
import org.backplane.client.model.RestoreStatus;
import org.backplane.service.testsupport.PrometheusText;
import org.backplane.service.testsupport.ServiceHomeProperties;
import org.backplane.service.testsupport.ServiceIntegrationTest;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /actuator/prometheus} scraped from the running service and parsed: the metrics
 * the README promises are there with the values the catalogue holds; and every metric
 * that the alert rules and the Grafana dashboard in {@code deploy/monitoring/} use is one
 * the service exports (a rule on a misspelt metric would never fire).
 */
@ServiceIntegrationTest
class MonitoringIntegrationTests extends ServiceHomeProperties {

	private static final Path MONITORING = Path.of("..", "deploy", "monitoring");

	private static final Pattern METRIC = Pattern.compile("\\bbackplane_[a-z0-9_]+");

	@LocalServerPort
	int port;

	@Autowired
	BackupMetrics metrics;

	@Test
	void exportsTheDocumentedMetricsAndTheRulesAndDashboardUseOnlyThose() throws Exception {
		BackplaneClient client = BackplaneClient.builder(URI.create("http://127.0.0.1:" + this.port)).build();
		String id = client.createBackup(new CreateBackupRequest("monitored", List.of("gamma"))).id();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> client.getBackup(id).status() != BackupStatus.STATUS_BACKING_UP);
		String restore = client.createRestore(id, new CreateRestoreRequest(null, null, null, null)).id();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> client.getRestore(id, restore).status() != RestoreStatus.STATUS_RESTORING);
		this.metrics.refresh();
		Map<String, Double> samples = scrape();
		Set<String> names = samples.keySet().stream().map(PrometheusText::name).collect(Collectors.toSet());
		assertThat(names).contains("backplane_backup_last_success_timestamp_seconds", "backplane_backups_started_total",
				"backplane_backups_succeeded_total", "backplane_backups_failed_total",
				"backplane_restores_started_total", "backplane_restores_succeeded_total",
				"backplane_restores_failed_total", "backplane_backup_duration_seconds_bucket",
				"backplane_restore_duration_seconds_bucket", "backplane_backup_bytes_total",
				"backplane_restore_bytes_total", "backplane_jobs_running", "backplane_storage_reachable",
				"backplane_verification_failures_total", "backplane_backups_verify_failed");
		assertThat(samples).containsEntry("backplane_storage_reachable{location=\"default\"}", 1.0)
			.containsEntry(
					"backplane_backup_last_success_timestamp_seconds{component=\"gamma\",schedule=\"monitored\"}",
					client.getBackup(id).completedAt().toEpochMilli() / 1000.0);
		assertThat(samples.get("backplane_backups_succeeded_total{component=\"gamma\"}")).isGreaterThanOrEqualTo(1);
		assertThat(samples.get("backplane_restores_succeeded_total{component=\"gamma\"}")).isGreaterThanOrEqualTo(1);
		assertThat(samples.get("backplane_backup_bytes_total{component=\"gamma\"}"))
			.isGreaterThanOrEqualTo(client.getBackup(id).sizeBytes());

		List<String> ruleExpressions = new ArrayList<>();
		Map<String, Object> rules = new Yaml().load(Files.readString(MONITORING.resolve("backplane-alerts.yml")));
		for (Map<String, Object> group : list(rules.get("groups"))) {
			for (Map<String, Object> rule : list(group.get("rules"))) {
				assertThat(rule).containsKeys("alert", "expr", "labels", "annotations");
				assertThat(((Map<?, ?>) rule.get("labels")).get("severity")).isNotNull();
				assertThat(((Map<?, ?>) rule.get("annotations")).get("summary")).isNotNull();
				ruleExpressions.add((String) rule.get("expr"));
			}
		}
		assertThat(ruleExpressions).hasSize(4);
		JsonNode dashboard = JsonMapper.builder()
			.build()
			.readTree(Files.readString(MONITORING.resolve("backplane-dashboard.json")));
		List<String> panelExpressions = new ArrayList<>();
		for (JsonNode panel : dashboard.get("panels")) {
			for (JsonNode target : panel.get("targets")) {
				panelExpressions.add(target.get("expr").asString());
			}
		}
		assertThat(panelExpressions).isNotEmpty();
		for (String expression : concat(ruleExpressions, panelExpressions)) {
			Matcher matcher = METRIC.matcher(expression);
			List<String> used = new ArrayList<>();
			while (matcher.find()) {
				used.add(matcher.group());
			}
			assertThat(used).as(expression).isNotEmpty();
			for (String metric : used) {
				assertThat(names.contains(metric))
					.as("%s uses %s, which the service does not export", expression, metric)
					.isTrue();
			}
		}
	}

	private Map<String, Double> scrape() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/prometheus")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/plain"));
		return PrometheusText.parse(response.body());
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> list(Object value) {
		return (List<Map<String, Object>>) value;
	}

	private static List<String> concat(List<String> a, List<String> b) {
		List<String> all = new ArrayList<>(a);
		all.addAll(b);
		return all;
	}

}
