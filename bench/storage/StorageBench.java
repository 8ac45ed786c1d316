import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.backplane.service.storage.StorageLocation;
import org.backplane.service.storage.StorageObject;
import org.backplane.service.storage.StorageProvider;
import org.backplane.service.storage.StorageProviderFactory;
import org.backplane.service.storage.file.FileStorageProviderFactory;
import org.backplane.service.storage.s3.S3StorageProperties;
import org.backplane.service.storage.s3.S3StorageProviderFactory;

/**
 * One benchmark step through Backplane's storage providers, run in its own JVM so its peak RSS can be
 * measured (bench/storage/run.sh). Not a test: it prints one line of figures.
 *
 * <pre>
 * java -cp target-classes:... StorageBench upload|download &lt;location-uri&gt; &lt;local-dir&gt; &lt;prefix&gt; &lt;threads&gt; [passes]
 * </pre>
 *
 * run.sh compiles this class ahead with javac (not source-file mode, which would compile it at every launch).
 * With {@code passes} &gt; 1 the same transfer is repeated in the same JVM (an upload to {@code prefix-passN}),
 * one line per pass: the first pass pays the JVM's class loading and JIT compilation, later ones show a warm
 * JVM such as the long-running service's.
 *
 * upload: every regular file directly under local-dir becomes the object prefix/name; download: every object
 * under prefix/ is written to local-dir/name. Credentials come from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.
 */
public class StorageBench {

	public static void main(String[] args) throws Exception {
		String mode = args[0];
		URI uri = URI.create(args[1]);
		Path dir = Path.of(args[2]);
		String prefix = args[3];
		int threads = Integer.parseInt(args[4]);
		Map<String, String> credentials = uri.getScheme().equals("s3") ? Map.of("AWS_ACCESS_KEY_ID",
				System.getenv("AWS_ACCESS_KEY_ID"), "AWS_SECRET_ACCESS_KEY", System.getenv("AWS_SECRET_ACCESS_KEY"))
				: Map.of();
		StorageProviderFactory factory = uri.getScheme().equals("s3")
				? new S3StorageProviderFactory(S3StorageProperties.defaults()) : new FileStorageProviderFactory(true);
		StorageProvider provider = factory.create(new StorageLocation("bench", uri, credentials));
		int passes = (args.length > 5) ? Integer.parseInt(args[5]) : 1;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		// One copy buffer per thread, as a real copy loop would keep one
		ThreadLocal<byte[]> buffers = ThreadLocal.withInitial(() -> new byte[256 * 1024]);
		// shutdownNow in finally: a failed step (an exception from a future) must end the JVM, not leave it waiting
		// on the pool's threads
		try {
			for (int pass = 1; pass <= passes; pass++) {
				String passPrefix = (mode.equals("upload") && pass > 1) ? prefix + "-pass" + pass : prefix;
				long start = System.nanoTime();
				long bytes = 0;
				int objects = 0;
				List<Future<Long>> results = new ArrayList<>();
				if (mode.equals("upload")) {
					try (Stream<Path> files = Files.list(dir)) {
						for (Path file : files.filter(Files::isRegularFile).toList()) {
							results.add(executor.submit(() -> {
								try (InputStream in = Files.newInputStream(file)) {
									return provider.put(passPrefix + "/" + file.getFileName(), in);
								}
							}));
						}
					}
				}
				else {
					Files.createDirectories(dir);
					try (Stream<StorageObject> listed = provider.list(passPrefix + "/")) {
						listed.forEach((object) -> results.add(executor.submit(() -> {
							Path target = dir.resolve(object.key().substring(passPrefix.length() + 1));
							try (InputStream in = provider.get(object.key());
									OutputStream out = Files.newOutputStream(target)) {
								byte[] buffer = buffers.get();
								long total = 0;
								int read;
								while ((read = in.read(buffer)) != -1) {
									out.write(buffer, 0, read);
									total += read;
								}
								return total;
							}
						})));
					}
				}
				for (Future<Long> result : results) {
					bytes += result.get();
					objects++;
				}
				double seconds = (System.nanoTime() - start) / 1e9;
				System.out.printf("backplane %s pass=%d objects=%d bytes=%d seconds=%.2f MB/s=%.1f objects/s=%.0f%n",
						mode, pass, objects, bytes, seconds, bytes / 1e6 / seconds, objects / seconds);
			}
		}
		finally {
			executor.shutdownNow();
		}
		if (provider instanceof AutoCloseable closeable) {
			closeable.close();
		}
	}

}
