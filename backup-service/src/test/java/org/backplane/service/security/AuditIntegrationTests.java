package org.backplane.service.security;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every mutating request, allowed or refused, writes one line to {@code backplane.audit}
 * with the time, the principal ({@code -} when unauthenticated), the action, the target
 * and the outcome; reads write none; no line holds a token or a parameter value. The
 * lines are captured by a Logback appender added to the audit logger for the test.
 */
class AuditIntegrationTests extends SecuredService {

	private static final String SECRET_VALUE = "p4ram-v4lue-never-logged";

	private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

	private final List<String> expected = new ArrayList<>();

	private Logger audit;

	@BeforeEach
	void capture() {
		this.audit = (Logger) LoggerFactory.getLogger("backplane.audit");
		this.lines.start();
		this.audit.addAppender(this.lines);
	}

	@AfterEach
	void release() {
		this.audit.detachAppender(this.lines);
	}

	@Test
	void everyMutatingRequestWritesOneLine() {
		String badToken = "Bearer sekr3t-token-value";
		HttpResponse<String> unauthenticated = anonymous().with("Authorization", badToken)
			.postJson("/api/v1/backups", "{\"label\": \"audit-401\"}");
		assertThat(unauthenticated.statusCode()).isEqualTo(401);
		awaitLine("principal=- action=\"POST /api/v1/backups\" target=- outcome=401");

		String operatorToken = TestTokens.token("otto");
		HttpResponse<String> created = anonymous().with("Authorization", "token=" + operatorToken)
			.postJson("/api/v1/backups", "{\"label\": \"audit-op\", \"components\": [\"alpha\"]}");
		assertThat(created.statusCode()).isEqualTo(202);
		String id = body(created).get("id").asString();
		awaitLine("principal=otto action=\"POST /api/v1/backups\" target=" + id + " outcome=202");
		awaitStatus(id, "STATUS_READY");

		HttpResponse<String> refused = viewer().send("DELETE", "/api/v1/backups/" + id, null, null);
		assertThat(refused.statusCode()).isEqualTo(403);
		awaitLine("principal=vera action=\"DELETE /api/v1/backups/" + id + "\" target=" + id + " outcome=403");

		HttpResponse<String> invalid = operator().postJson("/v1/restore",
				"{\"id\": \"" + id + "\", \"parameters\": {\"AWS_SECRET_ACCESS_KEY\": \"" + SECRET_VALUE + "\"}}");
		assertThat(invalid.statusCode()).isEqualTo(400);
		awaitLine("principal=otto action=\"POST /v1/restore\" target=" + id + " outcome=400");

		HttpResponse<String> notLoggedIn = anonymous().send("DELETE", "/system/v1/backup/v1/delete", "application/json",
				"{\"id\": \"" + id + "\"}");
		assertThat(notLoggedIn.statusCode()).isEqualTo(401);
		awaitLine("principal=- action=\"DELETE /system/v1/backup/v1/delete\" target=" + id + " outcome=401");

		HttpResponse<String> form = admin().send("POST", "/v1/create", "application/x-www-form-urlencoded",
				"label=audit-form");
		assertThat(form.statusCode()).isEqualTo(415);
		awaitLine("principal=ada action=\"POST /v1/create\" target=- outcome=415");

		HttpResponse<String> restore = operator().postJson("/api/v1/backups/" + id + "/restores",
				"{\"components\": [\"alpha\"], \"policy\": \"fail-if-exists\"}");
		assertThat(restore.statusCode()).isEqualTo(202);
		String restoreId = body(restore).get("id").asString();
		awaitLine("principal=otto action=\"POST /api/v1/backups/" + id + "/restores\" target=" + id + " created="
				+ restoreId + " outcome=202");
		awaitStatus(id, "STATUS_READY");

		HttpResponse<String> dcosCreate = operator().postJson("/v1/create", "{\"label\": \"audit-dcos\"}");
		assertThat(dcosCreate.statusCode()).isEqualTo(200);
		String dcosId = body(dcosCreate).get("backup_info").get("id").asString();
		awaitLine("principal=otto action=\"POST /v1/create\" target=" + dcosId + " outcome=200");

		int before = this.lines.list.size();
		assertThat(viewer().get("/api/v1/backups/" + id).statusCode()).isEqualTo(200);
		assertThat(viewer().get("/v1/list").statusCode()).isEqualTo(200);

		HttpResponse<String> deleted = admin().send("DELETE", "/api/v1/backups/" + id, null, null);
		assertThat(deleted.statusCode()).isEqualTo(204);
		awaitLine("principal=ada action=\"DELETE /api/v1/backups/" + id + "\" target=" + id + " outcome=204");
		assertThat(messages().subList(before, messages().size())).as("reads write no line")
			.allMatch((line) -> line.contains("action=\"DELETE "));

		assertThat(messages()).allMatch((line) -> line.startsWith("time=20"))
			.noneMatch((line) -> line.contains("sekr3t"))
			.noneMatch((line) -> line.contains(SECRET_VALUE))
			.noneMatch((line) -> line.contains(operatorToken.substring(0, 20)))
			.noneMatch((line) -> line.contains(operatorToken.substring(operatorToken.lastIndexOf('.') + 1)));
		for (String line : this.expected) {
			assertThat(messages()).as("written once").filteredOn((message) -> message.contains(line)).hasSize(1);
		}
	}

	/**
	 * Waits for the line (written once the answer is complete, which the client may see
	 * first) and checks it is written once.
	 * @param expected what the line holds after its time
	 */
	private void awaitLine(String expected) {
		this.expected.add(expected);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(messages()).filteredOn((line) -> line.contains(expected)).hasSize(1));
	}

	private List<String> messages() {
		synchronized (this.lines) {
			return this.lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
		}
	}

}
