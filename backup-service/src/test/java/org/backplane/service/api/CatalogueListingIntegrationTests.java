package org.backplane.service.api;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.backplane.client.BackplaneClient;
import org.backplane.client.model.BackupPage;
import org.backplane.client.model.BackupResponse;
import org.backplane.service.testsupport.Http;
import org.backplane.service.testsupport.RecordedStatements;
import org.backplane.service.testsupport.ServiceHomeProperties;
import org.backplane.service.testsupport.ServiceIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Listing the catalogue as it grows (issue 20): a page costs a fixed number of statements
 * whatever its size (no query per backup for its components or restores), a prefix is
 * literal, keyset pages never repeat or skip a backup, and the DC/OS list streams every
 * page and cuts the connection when a later page fails. Catalogue rows are inserted by
 * SQL (as the benchmark does), under labels no other test uses, and removed after each
 * test.
 */
@ServiceIntegrationTest
class CatalogueListingIntegrationTests extends ServiceHomeProperties {

	private static final JsonMapper json = JsonMapper.builder().build();

	/** A statement only the page query runs: finds the request's thread. */
	private static final String PAGE_QUERY = "from backup b where true";

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	BackplaneClient client;

	Http http;

	private final List<String> labels = new ArrayList<>();

	@BeforeEach
	void setUp() {
		this.client = BackplaneClient.builder(URI.create("http://127.0.0.1:" + this.port)).build();
		this.http = new Http(this.port);
	}

	@AfterEach
	void removeRows() {
		for (String label : new HashSet<>(this.labels)) {
			this.jdbc.update("delete from backup where label = ?", label);
		}
	}

	@Test
	void pageOfFiftyReadsComponentsAndRestoresInOneStatementEach() {
		insertBackups("npo", 60, Instant.parse("2020-01-01T00:00:00Z"), 5);
		RecordedStatements.Recording recording = RecordedStatements.start();
		BackupPage page = this.client.listBackups("npo-", null, 50, null);
		List<String> statements = recording.stopAndFindThreadOf(PAGE_QUERY);
		assertThat(page.items()).hasSize(50);
		assertThat(page.items()).allSatisfy((b) -> assertThat(b.components()).containsOnlyKeys("one", "two"));
		assertThat(page.items()).filteredOn((b) -> !b.restores().isEmpty())
			.hasSize(10)
			.allSatisfy((b) -> assertThat(b.restores()).singleElement()
				.satisfies((r) -> assertThat(r.componentStatus()).containsOnlyKeys("one")));
		// the page, its components, its restores with theirs: 50 backups with 100
		// components and 10 restores, 3 statements
		assertThat(statements).as("statements of one request").hasSize(3);
		assertThat(statements).filteredOn((s) -> s.contains("backup_component")).hasSize(1);
		assertThat(statements).filteredOn((s) -> s.contains("restore_component")).hasSize(1);
	}

	@Test
	void showReadsItsRestoresComponentsInOneStatement() {
		String id = insertBackups("shw", 1, Instant.parse("2020-01-01T00:00:00Z"), 0).get(0);
		for (int i = 0; i < 3; i++) {
			insertRestore(id);
		}
		RecordedStatements.Recording recording = RecordedStatements.start();
		BackupResponse backup = this.client.getBackup(id);
		// the request's own statement (the reaper's look for stale restores, in its own
		// thread, says "from restore " too)
		List<String> statements = recording.stopAndFindThreadOf("restore_component");
		assertThat(backup.restores()).hasSize(3)
			.allSatisfy((r) -> assertThat(r.componentStatus()).containsOnlyKeys("one"));
		// the backup with its components (one join), its restores with theirs (one join)
		assertThat(statements).as("statements of one request").hasSize(2);
	}

	@Test
	void componentsAndRestoresJoinTheirBackupThroughAnIndex() {
		String id = insertBackups("jix", 1, Instant.parse("2020-01-01T00:00:00Z"), 1).get(0);
		// how reading one backup joins its rows; with sequential scans priced out, a plan
		// still holding one has no index that can serve the join (columns in two
		// collations)
		for (String join : List.of("backup_component c on c.backup_id = b.id", "restore c on c.backup_id = b.id")) {
			String plan = this.jdbc.execute((ConnectionCallback<String>) (connection) -> {
				connection.setAutoCommit(false);
				try (Statement statement = connection.createStatement()) {
					statement.execute("set local enable_seqscan = off");
					StringBuilder lines = new StringBuilder();
					try (ResultSet rows = statement
						.executeQuery("explain select * from backup b join " + join + " where b.id = '" + id + "'")) {
						while (rows.next()) {
							lines.append(rows.getString(1)).append('\n');
						}
					}
					return lines.toString();
				}
				finally {
					connection.rollback();
					connection.setAutoCommit(true);
				}
			});
			assertThat(plan).as(join).doesNotContain("Seq Scan");
		}
	}

	@Test
	void dcosListStreamsEveryPageWithThreeStatementsAPage() {
		List<String> ids = insertBackups("dcs", 1100, Instant.parse("2020-01-01T00:00:00Z"), 100);
		RecordedStatements.Recording recording = RecordedStatements.start();
		HttpResponse<String> response = this.http.get("/v1/list?prefix=dcs-");
		List<String> statements = recording.stopAndFindThreadOf(PAGE_QUERY);
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = json.readTree(response.body());
		assertThat(body.propertyNames()).containsExactly("backup_info");
		List<String> listed = new ArrayList<>();
		body.get("backup_info").forEach((info) -> listed.add(info.get("id").asString()));
		// newest first: insertBackups returns them newest first
		assertThat(listed).containsExactlyElementsOf(ids);
		assertThat(body.get("backup_info").get(0).get("component_status").propertyNames()).containsExactly("one",
				"two");
		int withRestores = 0;
		for (JsonNode info : body.get("backup_info")) {
			withRestores += info.get("restores").size();
		}
		assertThat(withRestores).isEqualTo(11);
		// three pages of at most 500, each read with 3 statements
		assertThat(statements).filteredOn((s) -> s.contains(PAGE_QUERY)).hasSize(3);
		assertThat(statements).filteredOn((s) -> s.contains("backup_component")).hasSize(3);
		assertThat(statements).filteredOn((s) -> s.contains("restore_component")).hasSize(3);
		assertThat(statements).hasSize(9);
	}

	@Test
	void prefixIsLiteral() {
		Instant t = Instant.parse("2020-01-01T00:00:00Z");
		String underscore = insertBackups("pfx_a", 1, t, 0).get(0);
		String letter = insertBackups("pfxza", 1, t.minusSeconds(10), 0).get(0);
		String exact = insertBackups("pfx", 1, t.minusSeconds(20), 0).get(0);
		String dotted = insertBackups("pfx.d", 1, t.minusSeconds(30), 0).get(0);
		String longer = insertBackups("pfxd", 1, t.minusSeconds(40), 0).get(0);
		insertBackups("PFX", 1, t.minusSeconds(50), 0);
		assertThat(listed("pfx")).containsExactly(underscore, letter, exact, dotted, longer);
		assertThat(listed("pfx_")).as("'_' is no wildcard").containsExactly(underscore);
		assertThat(listed("pfx-")).containsExactly(exact);
		assertThat(listed("pfx%")).as("'%' is no wildcard").isEmpty();
		assertThat(listed("pf%")).isEmpty();
		assertThat(listed("pf\\x")).as("'\\' escapes nothing").isEmpty();
		assertThat(listed("pfx\\")).isEmpty();
		assertThat(listed("pfx\\_")).isEmpty();
		assertThat(listed(exact)).containsExactly(exact);
		assertThat(listed(exact + "0")).isEmpty();
		assertThat(listed("pfx" + new String(Character.toChars(Character.MAX_CODE_POINT)))).isEmpty();
		assertThat(listed("pfy")).isEmpty();
		// the DC/OS list shares the query
		assertThat(dcosListed("pfx_")).containsExactly(underscore);
		assertThat(dcosListed("pfx%")).isEmpty();
		assertThat(dcosListed("pf\\x")).isEmpty();
		assertThat(dcosListed("pfx")).containsExactly(underscore, letter, exact, dotted, longer);
	}

	@Test
	void keysetPagesNeitherRepeatNorSkipBackupsCreatedAtTheSameTime() {
		Instant t = Instant.parse("2020-01-01T00:00:00Z");
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			ids.add(insertBackupsAt("tie", t, (i % 3 == 0) ? "STATUS_ERROR" : "STATUS_READY"));
		}
		ids.add(insertBackupsAt("tie", t.minusSeconds(1), "STATUS_ERROR"));
		List<String> expected = new ArrayList<>(ids.subList(0, 7));
		// same time: id descending, byte by byte
		expected.sort((a, b) -> b.compareTo(a));
		expected.add(ids.get(7));
		assertThat(pages("tie-", null, 2)).containsExactlyElementsOf(expected);
		assertThat(pages("tie-", null, 3)).containsExactlyElementsOf(expected);
		List<String> errors = expected.stream()
			.filter((id) -> List.of(ids.get(0), ids.get(3), ids.get(6), ids.get(7)).contains(id))
			.toList();
		assertThat(pages("tie-", "STATUS_ERROR", 1)).containsExactlyElementsOf(errors);
		assertThat(pages("tie-", "STATUS_READY", 2))
			.containsExactlyElementsOf(expected.stream().filter((id) -> !errors.contains(id)).toList());
	}

	@Test
	void dcosListCutsTheConnectionWhenALaterPageFails() {
		// 501 readable backups (the first page and the row that tells there is more),
		// then one the service cannot read
		insertBackups("brk", 501, Instant.parse("2020-01-01T00:00:00Z"), 0);
		String bad = insertBackups("brk", 1, Instant.parse("2019-01-01T00:00:00Z"), 0).get(0);
		this.jdbc.update("update backup set status = 'STATUS_UNREADABLE' where id = ?", bad);
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/v1/list?prefix=brk-"))
			.build();
		HttpClient client = HttpClient.newHttpClient();
		// never a 200 with a complete body: the transfer ends early
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.ofString()));
		// the first page alone fails before anything is sent: an ordinary error answer
		HttpResponse<String> alone = this.http.get("/v1/list?prefix=" + bad);
		assertThat(alone.statusCode()).isEqualTo(500);
		assertThat(alone.body()).startsWith("{\"errors\":[");
	}

	private List<String> listed(String prefix) {
		return this.client.listBackups(prefix, null, 50, null).items().stream().map(BackupResponse::id).toList();
	}

	private List<String> dcosListed(String prefix) {
		HttpResponse<String> response = this.http
			.get("/v1/list?prefix=" + URLEncoder.encode(prefix, StandardCharsets.UTF_8));
		assertThat(response.statusCode()).isEqualTo(200);
		List<String> ids = new ArrayList<>();
		JsonNode list = json.readTree(response.body()).get("backup_info");
		if (list != null) {
			list.forEach((info) -> ids.add(info.get("id").asString()));
		}
		return ids;
	}

	private List<String> pages(String prefix, String status, int limit) {
		List<String> ids = new ArrayList<>();
		Set<String> cursors = new HashSet<>();
		String cursor = null;
		do {
			BackupPage page = this.client.listBackups(prefix, status, limit, cursor);
			page.items().forEach((b) -> ids.add(b.id()));
			cursor = page.nextCursor();
			assertThat(cursor == null || cursors.add(cursor)).isTrue();
		}
		while (cursor != null);
		return ids;
	}

	/**
	 * Inserts backups as the service writes them, one a second going back from
	 * {@code newest}, each with components {@code one} and {@code two}.
	 * @return their ids, newest first
	 */
	private List<String> insertBackups(String label, int count, Instant newest, int restoreEvery) {
		this.labels.add(label);
		List<String> ids = this.jdbc.queryForList(
				"""
						insert into backup (id, label, status, row_version, service_version, storage_location, storage_uri,
							created_at, updated_at, completed_at, size_bytes, storage_placement, created_by)
						select ?::text || '-' || gen_random_uuid()::text, ?, 'STATUS_READY', 1, 'test', 'default',
							'file:///test/', ?::timestamptz - make_interval(secs => i), ?::timestamptz - make_interval(secs => i),
							?::timestamptz - make_interval(secs => i), 0, '{}', 'test'
						from generate_series(0, ?::int - 1) as i
						returning id
						""",
				String.class, label, label, ts(newest), ts(newest), ts(newest), count);
		this.jdbc.update("""
				insert into backup_component (backup_id, name, position, type, status, artifact_key, size_bytes, sha256)
				select b.id, c.name, c.position, 'synthetic', 'STATUS_READY', b.id || '/' || c.name, 1, repeat('0', 64)
				from backup b cross join (values ('one', 0), ('two', 1)) as c(name, position)
				where b.id = any(?)
				""", (Object) ids.toArray(new String[0]));
		List<String> newestFirst = this.jdbc.queryForList(
				"select id from backup where id = any(?) order by created_at desc, id desc", String.class,
				(Object) ids.toArray(new String[0]));
		if (restoreEvery > 0) {
			for (int i = 0; i < newestFirst.size(); i += restoreEvery) {
				insertRestore(newestFirst.get(i));
			}
		}
		return newestFirst;
	}

	private String insertBackupsAt(String label, Instant at, String status) {
		String id = insertBackups(label, 1, at, 0).get(0);
		this.jdbc.update("update backup set status = ? where id = ?", status, id);
		return id;
	}

	private void insertRestore(String backupId) {
		String id = this.jdbc.queryForObject("""
				insert into restore (id, backup_id, status, row_version, created_at, updated_at, completed_at,
					created_by)
				values ('restore:' || gen_random_uuid()::text, ?, 'STATUS_READY', 1, now(), now(), now(), 'test')
				returning id
				""", String.class, backupId);
		this.jdbc.update("""
				insert into restore_component (restore_id, name, position, status) values (?, 'one', 0, 'STATUS_READY')
				""", id);
	}

	private static Timestamp ts(Instant instant) {
		return Timestamp.from(instant);
	}

}
