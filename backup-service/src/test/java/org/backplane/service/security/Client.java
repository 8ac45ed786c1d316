package org.backplane.service.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Raw HTTP with the headers the security tests need: {@code Authorization},
 * {@code Cookie}, {@code Origin}, any {@code Content-Type}.
 */
final class Client {

	private static final HttpClient http = HttpClient.newHttpClient();

	private final String base;

	private final String[] headers;

	private Client(String base, String... headers) {
		this.base = base;
		this.headers = headers;
	}

	/**
	 * A client with no credentials.
	 * @param port the service's port
	 * @return the client
	 */
	static Client anonymous(int port) {
		return new Client("http://127.0.0.1:" + port);
	}

	/**
	 * The same client with one more header on every request.
	 * @param name the header
	 * @param value its value
	 * @return a new client
	 */
	Client with(String name, String value) {
		String[] more = Arrays.copyOf(this.headers, this.headers.length + 2);
		more[this.headers.length] = name;
		more[this.headers.length + 1] = value;
		return new Client(this.base, more);
	}

	/**
	 * @param token a token
	 * @return the same client sending {@code Authorization: Bearer <token>}
	 */
	Client bearer(String token) {
		return with("Authorization", "Bearer " + token);
	}

	HttpResponse<String> get(String path) {
		return send("GET", path, null, null);
	}

	HttpResponse<String> postJson(String path, String body) {
		return send("POST", path, "application/json", body);
	}

	HttpResponse<String> send(String method, String path, String contentType, String body) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.base + path));
		for (int i = 0; i < this.headers.length; i += 2) {
			builder.header(this.headers[i], this.headers[i + 1]);
		}
		if (contentType != null) {
			builder.header("Content-Type", contentType);
		}
		builder.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)
				: HttpRequest.BodyPublishers.noBody());
		try {
			return http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
