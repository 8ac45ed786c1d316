import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL for the catalogue durability benchmark (bench/catalogue-durability/run.sh), from the same binaries
 * the embedded database uses, with durability on or off. Not a test.
 *
 * <pre>
 * java -cp ... CatalogueBench serve   &lt;data-dir&gt; on|off &lt;port-file&gt;  writes its port there, runs until stdin closes
 * java -cp ... CatalogueBench commits &lt;data-dir&gt; on|off &lt;count&gt;  one-row insert transactions on one connection
 * </pre>
 *
 * "off" is what earlier versions of the embedded database ran (the library's defaults: fsync=off,
 * synchronous_commit=off); "on" is what it runs now (fsync, synchronous_commit and full_page_writes on). Both
 * trust local connections: this server is the benchmark's, reached on 127.0.0.1 only.
 */
public class CatalogueBench {

	public static void main(String[] args) throws Exception {
		String mode = args[0];
		Path data = Path.of(args[1]);
		boolean durable = args[2].equals("on");
		try (EmbeddedPostgres postgres = start(data, durable)) {
			if (mode.equals("serve")) {
				Path portFile = Path.of(args[3]);
				Files.writeString(portFile.resolveSibling(portFile.getFileName() + ".tmp"),
						Integer.toString(postgres.getPort()));
				Files.move(portFile.resolveSibling(portFile.getFileName() + ".tmp"), portFile,
						StandardCopyOption.ATOMIC_MOVE);
				// until the script closes our stdin (or kills us)
				while (System.in.read() != -1) {
				}
			}
			else {
				commits(postgres, Integer.parseInt(args[3]));
			}
		}
	}

	private static EmbeddedPostgres start(Path data, boolean durable) throws IOException {
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setDataDirectory(data)
			.setCleanDataDirectory(false)
			.setOverrideWorkingDirectory(data.resolveSibling("runtime").toFile())
			.setServerConfig("listen_addresses", "127.0.0.1")
			.setServerConfig("max_connections", "50")
			.setPGStartupWait(Duration.ofSeconds(60))
			.setRegisterShutdownHook(true);
		if (durable) {
			// as EmbeddedPostgresConfiguration starts it
			builder.setServerConfig("fsync", "on")
				.setServerConfig("synchronous_commit", "on")
				.setServerConfig("full_page_writes", "on");
		}
		// else the library's defaults, which earlier versions ran: -F (fsync off), synchronous_commit=off
		return builder.start();
	}

	private static void commits(EmbeddedPostgres postgres, int count) throws Exception {
		try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
			try (Statement statement = connection.createStatement()) {
				statement.execute("create table if not exists bench_commit (id bigserial primary key, at timestamptz, note text)");
			}
			try (PreparedStatement insert = connection
				.prepareStatement("insert into bench_commit (at, note) values (now(), 'a catalogue-sized row')")) {
				for (int i = 0; i < count / 10; i++) {
					insert.executeUpdate();
				}
				long start = System.nanoTime();
				for (int i = 0; i < count; i++) {
					insert.executeUpdate();
				}
				double seconds = (System.nanoTime() - start) / 1e9;
				System.out.printf("commits=%d seconds=%.3f per_commit_ms=%.3f%n", count, seconds, seconds * 1000 / count);
			}
		}
	}

}
