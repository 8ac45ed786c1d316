package org.backplane.service.testsupport;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.backplane.service.source.RestorePolicy;
import org.backplane.service.source.RestoreRefusedException;
import org.backplane.service.source.SourceComponent;
import org.backplane.service.source.SourceComponentFactory;

import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A test source of type {@code synthetic}: {@code items} records of {@code item-size}
 * pseudo-random bytes (seeded by the component's name and {@code generation}), written as
 * a simple length-prefixed stream. A restore re-reads every record, checks it and stores
 * the restored generation in {@link #TARGETS}; it is a real {@link SourceComponent} that
 * the runner drives end to end, with knobs to fail or block mid-stream. Picked up by
 * component scanning whenever test classes are on the classpath (also in child JVMs).
 */
@Configuration(proxyBeanMethods = false)
public class SyntheticSource {

	/** Restored state per component name: the generation last restored. */
	public static final Map<String, Integer> TARGETS = new ConcurrentHashMap<>();

	/** How many times each component was backed up (across every context in this JVM). */
	public static final Map<String, AtomicInteger> BACKUPS = new ConcurrentHashMap<>();

	/** Components listed here block in backup until the latch opens. */
	public static final Map<String, CountDownLatch> BLOCKERS = new ConcurrentHashMap<>();

	/** Components listed here fail every backup at once. */
	public static final java.util.Set<String> FAILING = ConcurrentHashMap.newKeySet();

	/**
	 * The current generation per component: change it to make the source's content
	 * differ.
	 */
	public static final Map<String, Integer> GENERATIONS = new ConcurrentHashMap<>();

	@Bean
	SourceComponentFactory<Properties> syntheticSourceFactory() {
		return new SourceComponentFactory<>() {
			@Override
			public String type() {
				return "synthetic";
			}

			@Override
			public Class<Properties> propertiesType() {
				return Properties.class;
			}

			@Override
			public SourceComponent create(String name, Properties properties) {
				if (properties.items() < 0) {
					throw new IllegalArgumentException("items must not be negative");
				}
				return new Component(name, properties);
			}
		};
	}

	/**
	 * @param type {@code synthetic}
	 * @param items records to write
	 * @param itemSize bytes per record
	 * @param failAfterItems fail the backup after this many records (-1: never)
	 * @param delayPerItem sleep per record
	 * @param restorePolicy default restore policy
	 * @param holdsData whether the target counts as holding data (for fail-if-exists)
	 * @param safetyBackup whether an overwrite restore backs it up first
	 */
	public record Properties(String type, @DefaultValue("10") int items, @DefaultValue("1024") int itemSize,
			@DefaultValue("-1") int failAfterItems, @DefaultValue("0ms") Duration delayPerItem,
			@DefaultValue("fail-if-exists") String restorePolicy, @DefaultValue("false") boolean holdsData,
			@DefaultValue("false") boolean safetyBackup) {
	}

	static final class Component implements SourceComponent {

		private final String name;

		private final Properties properties;

		Component(String name, Properties properties) {
			this.name = name;
			this.properties = properties;
		}

		@Override
		public String name() {
			return this.name;
		}

		@Override
		public String type() {
			return "synthetic";
		}

		@Override
		public String artifactExtension() {
			return "bin";
		}

		@Override
		public RestorePolicy defaultRestorePolicy() {
			return RestorePolicy.of(this.properties.restorePolicy());
		}

		@Override
		public String describe() {
			return this.properties.items() + " synthetic records of " + this.properties.itemSize() + " bytes";
		}

		@Override
		public boolean backsUpBeforeOverwrite() {
			return this.properties.safetyBackup();
		}

		@Override
		public Totals enumerate() {
			return new Totals(this.properties.items(), (long) this.properties.items() * this.properties.itemSize());
		}

		@Override
		public void backup(OutputStream out, Progress progress) throws IOException {
			BACKUPS.computeIfAbsent(this.name, (n) -> new AtomicInteger()).incrementAndGet();
			if (FAILING.contains(this.name)) {
				throw new IOException("Synthetic source " + this.name + " cannot be read");
			}
			int generation = GENERATIONS.getOrDefault(this.name, 0);
			DataOutputStream data = new DataOutputStream(out);
			data.writeInt(generation);
			data.writeInt(this.properties.items());
			for (int i = 0; i < this.properties.items(); i++) {
				if (i == this.properties.failAfterItems()) {
					throw new IOException("Synthetic failure after " + i + " records");
				}
				CountDownLatch blocker = BLOCKERS.get(this.name);
				if (blocker != null && i == this.properties.items() / 2) {
					try {
						blocker.await(5, TimeUnit.MINUTES);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						throw new IOException("Interrupted", ex);
					}
				}
				if (!this.properties.delayPerItem().isZero()) {
					try {
						Thread.sleep(this.properties.delayPerItem().toMillis());
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						throw new IOException("Interrupted", ex);
					}
				}
				byte[] record = record(generation, i);
				data.writeInt(record.length);
				data.write(record);
				progress.advance(1, record.length);
			}
			data.flush();
		}

		private byte[] record(int generation, int index) {
			byte[] record = new byte[this.properties.itemSize()];
			new Random(this.name.hashCode() * 31L + generation * 1_000_003L + index).nextBytes(record);
			return record;
		}

		@Override
		public void checkOptions(RestoreOptions options) throws RestoreRefusedException {
			// as a directory component: a targetPath is absolute and not '/'
			String target = options.targetPath();
			if (target != null && (!target.startsWith("/") || target.equals("/"))) {
				throw new RestoreRefusedException(
						"Target path of component " + this.name + " must be an absolute path other than '/'");
			}
		}

		@Override
		public void checkRestore(RestoreOptions options) throws IOException {
			if (options.targetPath() != null) {
				throw new RestoreRefusedException("synthetic sources cannot restore elsewhere");
			}
			if (options.policy() == RestorePolicy.FAIL_IF_EXISTS && this.properties.holdsData()) {
				throw new RestoreRefusedException("Component " + this.name
						+ " holds data and the policy is fail-if-exists: use policy overwrite");
			}
		}

		@Override
		public void restore(InputStream in, RestoreOptions options, Progress progress) throws IOException {
			checkRestore(options);
			DataInputStream data = new DataInputStream(in);
			int generation = data.readInt();
			int items = data.readInt();
			for (int i = 0; i < items; i++) {
				int length = data.readInt();
				byte[] record = data.readNBytes(length);
				if (record.length != length) {
					throw new EOFException("Truncated record " + i);
				}
				if (!java.util.Arrays.equals(record, record(generation, i))) {
					throw new IOException("Record " + i + " differs from what was backed up");
				}
				progress.advance(1, length);
			}
			TARGETS.put(this.name, generation);
			GENERATIONS.put(this.name, generation);
		}

	}

}
