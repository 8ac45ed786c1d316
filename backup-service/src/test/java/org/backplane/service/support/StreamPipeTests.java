package org.backplane.service.support;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class StreamPipeTests {

	@Test
	void carriesEveryByteInOrder() throws Exception {
		StreamPipe pipe = new StreamPipe(1000, 4);
		byte[] data = new byte[1_234_567];
		new Random(1).nextBytes(data);
		CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
			try (var sink = pipe.sink()) {
				for (int i = 0; i < data.length; i += 777) {
					sink.write(data, i, Math.min(777, data.length - i));
				}
				sink.write(42);
			}
			catch (IOException ex) {
				throw new RuntimeException(ex);
			}
		});
		byte[] read;
		try (InputStream in = pipe.source()) {
			read = in.readAllBytes();
		}
		writer.get();
		assertThat(read).hasSize(data.length + 1);
		assertThat(MessageDigest.getInstance("SHA-256").digest(java.util.Arrays.copyOf(read, data.length)))
			.isEqualTo(MessageDigest.getInstance("SHA-256").digest(data));
		assertThat(read[data.length]).isEqualTo((byte) 42);
	}

	@Test
	void writerFailureReachesTheReaderInsteadOfEndOfStream() {
		StreamPipe pipe = new StreamPipe(10, 2);
		CompletableFuture.runAsync(() -> {
			try {
				pipe.sink().write(new byte[5]);
				pipe.sink().fail(new IOException("source vanished"));
			}
			catch (IOException ex) {
				throw new RuntimeException(ex);
			}
		});
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> pipe.source().readAllBytes())
			.withMessageContaining("source vanished");
	}

	@Test
	void readerCloseStopsABlockedWriter() throws Exception {
		StreamPipe pipe = new StreamPipe(10, 1);
		CompletableFuture<Throwable> writer = CompletableFuture.supplyAsync(() -> {
			try {
				for (int i = 0; i < 10_000; i++) {
					pipe.sink().write(new byte[10]);
				}
				return null;
			}
			catch (IOException ex) {
				return ex;
			}
		});
		pipe.source().read(new byte[5]);
		pipe.source().close();
		assertThat(writer.get()).isInstanceOf(IOException.class).hasMessageContaining("closed");
	}

}
