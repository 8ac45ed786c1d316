package org.backplane.service.testsupport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy on a loopback port in front of a real storage server (S3Proxy, Azurite),
 * under test control: once {@linkplain #arm armed} with a {@link Fault}, it breaks the
 * traffic at a byte offset of one direction, a given number of times, and otherwise
 * forwards bytes untouched. Faults:
 * <ul>
 * <li>{@link Kind#HTTP_503} / {@link Kind#HTTP_500}: the first request that starts after
 * the offset is not forwarded; the proxy answers it itself with that status, an S3-style
 * XML error body and Azure's {@code x-ms-error-code} header, then closes the
 * connection;</li>
 * <li>{@link Kind#RESET}: the connection carrying the byte at the offset is reset (TCP
 * RST on both sides) mid-body;</li>
 * <li>{@link Kind#STALL}: the connection carrying the byte at the offset stops moving for
 * {@link Fault#stall} (longer than the client's timeout), then closes.</li>
 * </ul>
 * Requests from the client are followed just enough to find where each starts (head, then
 * a {@code Content-Length} body; a connection with a chunked body is forwarded raw from
 * then on). The server's side is forwarded raw.
 */
public final class FaultProxy implements AutoCloseable {

	/** The message of the error body the proxy answers with. */
	public static final String INJECTED_MESSAGE = "Injected by the test fault proxy";

	private final String targetHost;

	private final int targetPort;

	private final ServerSocket server;

	private final ExecutorService threads = Executors.newCachedThreadPool((runnable) -> {
		Thread thread = new Thread(runnable, "fault-proxy");
		thread.setDaemon(true);
		return thread;
	});

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private final AtomicReference<Armed> armed = new AtomicReference<>();

	private final List<String> fired = new ArrayList<>();

	private volatile boolean closed;

	private FaultProxy(String targetHost, int targetPort) throws IOException {
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		this.server = new ServerSocket();
		this.server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
		this.threads.execute(this::accept);
	}

	/**
	 * Starts a proxy in front of a server.
	 * @param target the server's endpoint ({@code http://host:port})
	 * @return the running proxy, forwarding untouched until armed
	 */
	public static FaultProxy start(URI target) {
		try {
			return new FaultProxy(target.getHost(), target.getPort());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The proxy's endpoint, with the path of the target's.
	 * @param target the target endpoint, possibly with a path
	 * @return the same endpoint through the proxy
	 */
	public URI endpoint(URI target) {
		return URI.create("http://127.0.0.1:" + this.server.getLocalPort()
				+ ((target.getRawPath() != null) ? target.getRawPath() : ""));
	}

	/**
	 * Arms a fault; counting starts now.
	 * @param fault the fault
	 */
	public void arm(Fault fault) {
		this.armed.set(new Armed(fault));
	}

	/**
	 * Forwards untouched from now on; connections already stalled stay stalled until
	 * their stall ends.
	 */
	public void disarm() {
		this.armed.set(null);
	}

	/**
	 * The bytes that flowed one way since the fault was armed; arm a fault that never
	 * fires (an offset of {@link Long#MAX_VALUE}) to count only.
	 * @param direction the direction
	 * @return the bytes, 0 when not armed
	 */
	public long bytesSinceArmed(Direction direction) {
		Armed current = this.armed.get();
		return (current != null) ? current.counter(direction).get() : 0;
	}

	/**
	 * What fired since the proxy started, one line each.
	 * @return the lines
	 */
	public synchronized List<String> fired() {
		return List.copyOf(this.fired);
	}

	/**
	 * How many times the armed fault fired.
	 * @return the count, 0 when not armed
	 */
	public int firedCount() {
		Armed current = this.armed.get();
		return (current != null) ? current.fault.times() - Math.max(0, current.remaining.get()) : 0;
	}

	private synchronized void record(String line) {
		this.fired.add(line);
	}

	private void accept() {
		AtomicInteger connections = new AtomicInteger();
		while (!this.closed) {
			try {
				Socket client = this.server.accept();
				int number = connections.incrementAndGet();
				this.threads.execute(() -> connect(client, number));
			}
			catch (IOException ex) {
				if (!this.closed) {
					record("accept failed: " + ex.getMessage());
				}
			}
		}
	}

	private void connect(Socket client, int number) {
		Socket upstream;
		try {
			upstream = new Socket(this.targetHost, this.targetPort);
		}
		catch (IOException ex) {
			closeQuietly(client);
			return;
		}
		this.open.add(client);
		this.open.add(upstream);
		Connection connection = new Connection(number, client, upstream);
		this.threads.execute(connection::pumpDownload);
		connection.pumpUpload();
	}

	@Override
	public void close() {
		this.closed = true;
		closeQuietly(this.server);
		for (Socket socket : this.open) {
			closeQuietly(socket);
		}
		this.threads.shutdownNow();
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// closing anyway
		}
	}

	/**
	 * Reads a request head up to and including the blank line.
	 * @return the head, or {@code null} at the end of the stream
	 */
	private static byte[] readHead(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		while (true) {
			int b = in.read();
			if (b < 0) {
				return null;
			}
			head.write(b);
			matched = switch (matched) {
				case 0, 2 -> (b == '\r') ? matched + 1 : 0;
				case 1, 3 -> (b == '\n') ? matched + 1 : ((b == '\r') ? 1 : 0);
				default -> 0;
			};
			if (matched == 4) {
				return head.toByteArray();
			}
			if (head.size() > 64 * 1024) {
				throw new IOException("request head over 64 KiB");
			}
		}
	}

	private static long contentLength(String lowerHead) {
		for (String line : lowerHead.split("\r\n")) {
			if (line.startsWith("content-length:")) {
				return Long.parseLong(line.substring("content-length:".length()).trim());
			}
		}
		return 0;
	}

	/** The kinds of fault. */
	public enum Kind {

		/** Answer a request with 503 Service Unavailable. */
		HTTP_503,

		/** Answer a request with 500 Internal Server Error. */
		HTTP_500,

		/** Reset the connection mid-transfer. */
		RESET,

		/** Stop the connection mid-transfer past the client's timeout, then close it. */
		STALL

	}

	/** Which way the bytes that trigger a fault flow. */
	public enum Direction {

		/** From the client (Backplane) to the storage server: what a backup writes. */
		UPLOAD,

		/** From the storage server to the client: what a restore reads. */
		DOWNLOAD

	}

	/**
	 * One fault.
	 *
	 * @param kind what happens
	 * @param direction the direction whose bytes count
	 * @param afterBytes fires once this many bytes flowed that way since arming
	 * @param times how many times it fires (each later chance fires again until used up)
	 * @param stall how long a {@link Kind#STALL} holds the connection
	 */
	public record Fault(Kind kind, Direction direction, long afterBytes, int times, Duration stall) {

		@Override
		public String toString() {
			return this.kind + " " + this.direction.name().toLowerCase(Locale.ROOT) + " after " + this.afterBytes
					+ " bytes, " + this.times + ((this.times == 1) ? " time" : " times")
					+ ((this.kind == Kind.STALL) ? " for " + this.stall.toMillis() + " ms" : "");
		}

	}

	/** A fault as armed: the bytes counted each way and the firings left. */
	private static final class Armed {

		private final Fault fault;

		private final AtomicLong upload = new AtomicLong();

		private final AtomicLong download = new AtomicLong();

		private final AtomicInteger remaining;

		Armed(Fault fault) {
			this.fault = fault;
			this.remaining = new AtomicInteger(fault.times());
		}

		AtomicLong counter(Direction direction) {
			return (direction == Direction.UPLOAD) ? this.upload : this.download;
		}

		/**
		 * Counts {@code n} bytes flowing {@code direction}; for a byte fault of that
		 * direction, how many of them go through before it fires.
		 * @return the bytes to forward first, or -1 if the fault does not fire
		 */
		long count(Direction direction, int n) {
			long before = counter(direction).getAndAdd(n);
			if (this.fault.direction() != direction
					|| (this.fault.kind() != Kind.RESET && this.fault.kind() != Kind.STALL)) {
				return -1;
			}
			if (before + n <= this.fault.afterBytes()) {
				return -1;
			}
			if (this.remaining.getAndDecrement() <= 0) {
				return -1;
			}
			return Math.max(0, this.fault.afterBytes() - before);
		}

		/**
		 * Whether an answer fault fires at a request starting now.
		 */
		boolean answersRequest() {
			if (this.fault.kind() != Kind.HTTP_503 && this.fault.kind() != Kind.HTTP_500) {
				return false;
			}
			if (counter(this.fault.direction()).get() < this.fault.afterBytes()) {
				return false;
			}
			return this.remaining.getAndDecrement() > 0;
		}

	}

	/** One client connection and its connection to the server. */
	private final class Connection {

		private final int number;

		private final Socket client;

		private final Socket upstream;

		private final Object clientOut = new Object();

		private volatile boolean broken;

		Connection(int number, Socket client, Socket upstream) {
			this.number = number;
			this.client = client;
			this.upstream = upstream;
		}

		void pumpUpload() {
			try (InputStream in = new BufferedInputStream(this.client.getInputStream(), 65536)) {
				OutputStream out = this.upstream.getOutputStream();
				boolean raw = false;
				while (!this.broken) {
					if (raw) {
						byte[] buffer = new byte[16384];
						int n = in.read(buffer);
						if (n < 0 || !forward(buffer, n, out, Direction.UPLOAD)) {
							break;
						}
						continue;
					}
					byte[] head = readHead(in);
					if (head == null) {
						break;
					}
					String headText = new String(head, StandardCharsets.ISO_8859_1);
					Armed current = FaultProxy.this.armed.get();
					if (current != null && current.answersRequest()) {
						answer(current.fault, headText, in);
						break;
					}
					if (!forward(head, head.length, out, Direction.UPLOAD)) {
						break;
					}
					String lower = headText.toLowerCase(Locale.ROOT);
					if (lower.contains("\ntransfer-encoding:") && lower.contains("chunked")) {
						raw = true;
						continue;
					}
					long length = contentLength(lower);
					byte[] buffer = new byte[16384];
					while (length > 0 && !this.broken) {
						int n = in.read(buffer, 0, (int) Math.min(buffer.length, length));
						if (n < 0) {
							length = -1;
							break;
						}
						if (!forward(buffer, n, out, Direction.UPLOAD)) {
							length = -1;
							break;
						}
						length -= n;
					}
					if (length < 0) {
						break;
					}
				}
			}
			catch (IOException ex) {
				// the connection ended
			}
			finally {
				end();
			}
		}

		void pumpDownload() {
			try (InputStream in = this.upstream.getInputStream()) {
				OutputStream out = this.client.getOutputStream();
				byte[] buffer = new byte[16384];
				while (!this.broken) {
					int n = in.read(buffer);
					if (n < 0 || !forward(buffer, n, out, Direction.DOWNLOAD)) {
						break;
					}
				}
			}
			catch (IOException ex) {
				// the connection ended
			}
			finally {
				end();
			}
		}

		/**
		 * Forwards bytes, firing a byte fault on the way.
		 * @return whether the connection goes on
		 */
		private boolean forward(byte[] buffer, int n, OutputStream out, Direction direction) throws IOException {
			Armed current = FaultProxy.this.armed.get();
			long first = (current != null) ? current.count(direction, n) : -1;
			if (first < 0) {
				write(out, buffer, 0, n, direction);
				return true;
			}
			write(out, buffer, 0, (int) first, direction);
			Fault fault = current.fault;
			record("connection " + this.number + ": " + fault.kind() + " " + direction.name().toLowerCase(Locale.ROOT)
					+ " at byte " + current.counter(direction).get());
			if (fault.kind() == Kind.STALL) {
				try {
					Thread.sleep(fault.stall().toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				breakConnection(false);
			}
			else {
				breakConnection(true);
			}
			return false;
		}

		private void write(OutputStream out, byte[] buffer, int offset, int n, Direction direction) throws IOException {
			if (direction == Direction.DOWNLOAD) {
				synchronized (this.clientOut) {
					out.write(buffer, offset, n);
					out.flush();
				}
			}
			else {
				out.write(buffer, offset, n);
				out.flush();
			}
		}

		/**
		 * Answers a request itself with a 5xx and closes: the server never sees it. The
		 * body is read first unless the client waits for {@code 100 Continue}, so the
		 * client is not writing when the answer comes.
		 */
		private void answer(Fault fault, String head, InputStream in) throws IOException {
			String lower = head.toLowerCase(Locale.ROOT);
			if (!lower.contains("\nexpect: 100-continue")) {
				long length = contentLength(lower);
				byte[] buffer = new byte[16384];
				while (length > 0) {
					int n = in.read(buffer, 0, (int) Math.min(buffer.length, length));
					if (n < 0) {
						break;
					}
					length -= n;
				}
			}
			int status = (fault.kind() == Kind.HTTP_503) ? 503 : 500;
			String code = (status == 503) ? "SlowDown" : "InternalError";
			String azureCode = (status == 503) ? "ServerBusy" : "InternalError";
			String reason = (status == 503) ? "Service Unavailable" : "Internal Server Error";
			boolean headRequest = head.startsWith("HEAD ");
			byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>"
					+ INJECTED_MESSAGE + " (" + status + ")</Message><RequestId>fault-proxy</RequestId></Error>")
				.getBytes(StandardCharsets.UTF_8);
			String response = "HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: application/xml\r\n"
					+ "x-ms-error-code: " + azureCode + "\r\nContent-Length: " + body.length
					+ "\r\nConnection: close\r\n\r\n";
			record("connection " + this.number + ": " + status + " for " + head.lines().findFirst().orElse(""));
			synchronized (this.clientOut) {
				OutputStream out = this.client.getOutputStream();
				out.write(response.getBytes(StandardCharsets.ISO_8859_1));
				if (!headRequest) {
					out.write(body);
				}
				out.flush();
			}
			try {
				this.client.shutdownOutput();
			}
			catch (IOException ex) {
				// closing anyway
			}
			breakConnection(false);
		}

		private void breakConnection(boolean reset) {
			this.broken = true;
			if (reset) {
				for (Socket socket : List.of(this.client, this.upstream)) {
					try {
						socket.setSoLinger(true, 0);
					}
					catch (IOException ex) {
						// closing anyway
					}
				}
			}
			end();
		}

		private void end() {
			this.broken = true;
			closeQuietly(this.client);
			closeQuietly(this.upstream);
			FaultProxy.this.open.remove(this.client);
			FaultProxy.this.open.remove(this.upstream);
		}

	}

}
