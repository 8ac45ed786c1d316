package org.backplane.service.web;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.backplane.service.support.DcosPaths;

/**
 * Tomcat's last word on a request that never reached the application, such as a path with
 * an invalid {@code %}-escape or an encoded NUL byte: the API's own error format (a
 * problem on the native API, {@code {"errors": [...]}} on the DC/OS paths) instead of
 * Tomcat's HTML page.
 */
public class JsonErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0) {
			return;
		}
		AtomicBoolean allowed = new AtomicBoolean();
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, allowed);
		if (!allowed.get()) {
			return;
		}
		String detail = (status == 400)
				? "The request's path or query is malformed (for example an invalid %-escape, an encoded NUL byte "
						+ "or slash): send a path as the API documents it, percent-encoding reserved characters"
				: "The request could not be handled (HTTP " + status + ")";
		String uri = request.getRequestURI();
		boolean dcos = uri != null && DcosPaths.matches(uri);
		try {
			response.setContentType(dcos ? "application/json" : "application/problem+json");
			response.setCharacterEncoding("UTF-8");
			PrintWriter writer = response.getReporter();
			if (writer == null) {
				return;
			}
			if (dcos) {
				writer.write("{\"errors\":[\"" + detail + "\"]}");
			}
			else {
				writer.write("{\"type\":\"" + ProblemDetailsAdvice.TYPE_PREFIX
						+ ((status == 400) ? "malformed-request" : "http-error") + "\",\"title\":\""
						+ ((status == 400) ? "Malformed request" : "HTTP error") + "\",\"status\":" + status
						+ ",\"detail\":\"" + detail + "\"}");
			}
			response.finishResponse();
		}
		catch (Exception ex) {
			// the connection is gone: nothing more to tell the client
		}
	}

}
