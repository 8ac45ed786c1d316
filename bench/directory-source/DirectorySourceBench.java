import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.backplane.service.source.SourceComponent;
import org.backplane.service.source.SourceComponent.Totals;
import org.backplane.service.source.SourceComponentFactory;
import org.backplane.service.source.directory.DirectorySourceComponentFactory;

/**
 * Backs up a directory with the directory source into a stream that only counts and hashes (as the runner
 * does before storage), and prints totals, artifact size, throughput and the JVM's heap use. Run by run.sh.
 */
public class DirectorySourceBench {

	public static void main(String[] args) throws Exception {
		Path dir = Path.of(args[0]);
		// The properties record is package-private (the service binds it from configuration): its public
		// factory method of(Path...) is reached through the type the factory names, hence the raw type
		@SuppressWarnings({ "rawtypes", "unchecked" })
		SourceComponentFactory factory = new DirectorySourceComponentFactory();
		Method of = factory.propertiesType().getMethod("of", Path[].class);
		of.setAccessible(true);
		@SuppressWarnings("unchecked")
		SourceComponent component = factory.create("bench", of.invoke(null, (Object) new Path[] { dir }));
		long start = System.nanoTime();
		Totals totals = component.enumerate();
		long enumerated = System.nanoTime();
		CountingDigestStream out = new CountingDigestStream();
		component.backup(out, SourceComponent.Progress.NONE);
		long end = System.nanoTime();
		double seconds = (end - enumerated) / 1e9;
		Runtime runtime = Runtime.getRuntime();
		System.out.printf("files=%d contentBytes=%d artifactBytes=%d sha256=%s%n", totals.items(), totals.bytes(),
				out.count, HexFormat.of().formatHex(out.digest.digest()));
		System.out.printf("enumerateSeconds=%.2f backupSeconds=%.2f throughputMiBps=%.1f%n",
				(enumerated - start) / 1e9, seconds, totals.bytes() / seconds / (1024 * 1024));
		System.out.printf("maxHeapMiB=%d heapUsedAtEndMiB=%d%n", runtime.maxMemory() / (1024 * 1024),
				(runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024));
	}

	private static final class CountingDigestStream extends OutputStream {

		private final MessageDigest digest;

		private long count;

		CountingDigestStream() throws NoSuchAlgorithmException {
			this.digest = MessageDigest.getInstance("SHA-256");
		}

		@Override
		public void write(int b) {
			this.digest.update((byte) b);
			this.count++;
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			this.digest.update(b, off, len);
			this.count += len;
		}

	}

}
