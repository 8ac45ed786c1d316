package org.backplane.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/**
 * The JDK's HTTP server answering fixed statuses and bodies per path, recording what it
 * received. Only for checking how HTTP statuses map to messages and exit codes; the
 * behaviour of Backplane itself is tested against the real service in
 * {@code DcosBackupPluginIntegrationTests}.
 */
final class StatusServer implements AutoCloseable {

	private final HttpServer server;

	private final Map<String, Answer> answers = new ConcurrentHashMap<>();

	final List<String> requests = new CopyOnWriteArrayList<>();

	final List<String> authorizations = new CopyOnWriteArrayList<>();

	final List<String> bodies = new CopyOnWriteArrayList<>();

	StatusServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", (exchange) -> {
			String path = exchange.getRequestURI().getPath();
			this.requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
			String authorization = exchange.getRequestHeaders().getFirst("Authorization");
			this.authorizations.add((authorization != null) ? authorization : "<none>");
			this.bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
			Answer answer = this.answers.getOrDefault(path, new Answer(404, "application/problem+json",
					"{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404}"));
			byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", answer.contentType());
			exchange.sendResponseHeaders(answer.status(), (body.length == 0) ? -1 : body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		this.server.start();
	}

	StatusServer answer(String path, int status, String body) {
		this.answers.put(path, new Answer(status, "application/json", body));
		return this;
	}

	StatusServer answer(String path, int status, String contentType, String body) {
		this.answers.put(path, new Answer(status, contentType, body));
		return this;
	}

	StatusServer problem(String path, int status, String type, String title, String detail) {
		this.answers.put(path, new Answer(status, "application/problem+json", "{\"type\":\"" + type + "\",\"title\":\""
				+ title + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}"));
		return this;
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	private record Answer(int status, String contentType, String body) {
	}

}
