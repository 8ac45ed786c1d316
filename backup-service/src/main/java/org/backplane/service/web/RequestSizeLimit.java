package org.backplane.service.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Refuses a request body over {@link #MAX_BODY_BYTES} with a 413 in the API's error
 * format: at once when its {@code Content-Length} says so, and as soon as that many bytes
 * have been read when it has none (chunked), before the body is parsed any further. A
 * backup archive's upload ({@code POST /api/v1/backups/import}) is exempt: it streams to
 * storage under its own cap ({@code backplane.archive.max-upload-size}).
 */
final class RequestSizeLimit extends OncePerRequestFilter {

	/** The largest request body accepted: 1 MiB. */
	static final long MAX_BODY_BYTES = 1024 * 1024;

	/** The one path whose body is not limited here. */
	static final String ARCHIVE_UPLOAD = "/api/v1/backups/import";

	private final HandlerExceptionResolver resolver;

	RequestSizeLimit(HandlerExceptionResolver resolver) {
		this.resolver = resolver;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if ("POST".equals(request.getMethod())
				&& (request.getContextPath() + ARCHIVE_UPLOAD).equals(request.getRequestURI())) {
			// a backup archive streams to storage; its own cap is
			// backplane.archive.max-upload-size
			chain.doFilter(request, response);
			return;
		}
		if (request.getContentLengthLong() > MAX_BODY_BYTES) {
			this.resolver.resolveException(request, response, null, new BodyTooLargeException());
			return;
		}
		chain.doFilter(new LimitedRequest(request), response);
	}

	/**
	 * The body was larger than {@link #MAX_BODY_BYTES}; an {@link IOException} so that it
	 * passes through the body's parser, which wraps it.
	 */
	static final class BodyTooLargeException extends IOException {

		BodyTooLargeException() {
			super("The request body is larger than " + (MAX_BODY_BYTES / 1024 / 1024)
					+ " MiB: send a smaller body (a request needs a few hundred bytes)");
		}

	}

	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private ServletInputStream limited;

		LimitedRequest(HttpServletRequest request) {
			super(request);
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.limited == null) {
				this.limited = new LimitedInputStream(super.getInputStream());
			}
			return this.limited;
		}

		@Override
		public BufferedReader getReader() throws IOException {
			String encoding = getCharacterEncoding();
			return new BufferedReader(new InputStreamReader(getInputStream(),
					(encoding != null) ? Charset.forName(encoding) : StandardCharsets.UTF_8));
		}

	}

	private static final class LimitedInputStream extends ServletInputStream {

		private final ServletInputStream in;

		private long read;

		LimitedInputStream(ServletInputStream in) {
			this.in = in;
		}

		@Override
		public int read() throws IOException {
			int b = this.in.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.in.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) throws BodyTooLargeException {
			this.read += n;
			if (this.read > MAX_BODY_BYTES) {
				throw new BodyTooLargeException();
			}
		}

		@Override
		public boolean isFinished() {
			return this.in.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.in.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.in.setReadListener(listener);
		}

	}

}
