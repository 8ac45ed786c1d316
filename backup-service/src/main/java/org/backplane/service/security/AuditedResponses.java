package org.backplane.service.security;

import org.backplane.client.dcos.DcosBackupInfo;
import org.backplane.client.dcos.DcosBackupInfoResponse;
import org.backplane.client.dcos.DcosRestoreInfo;
import org.backplane.client.model.BackupResponse;
import org.backplane.client.model.RestoreResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Tells the audit trail what a {@code POST} created: the id of the backup or restore in
 * its answer (native or DC/OS), as a request attribute {@link AuditFilter} reads.
 */
@ControllerAdvice
class AuditedResponses implements ResponseBodyAdvice<Object> {

	@Override
	public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
		return true;
	}

	@Override
	public @Nullable Object beforeBodyWrite(@Nullable Object body, MethodParameter returnType,
			MediaType selectedContentType, Class<? extends HttpMessageConverter<?>> selectedConverterType,
			ServerHttpRequest request, ServerHttpResponse response) {
		if (request.getMethod() == HttpMethod.POST && request instanceof ServletServerHttpRequest servlet) {
			String id = createdId(body);
			if (id != null) {
				servlet.getServletRequest().setAttribute(AuditFilter.CREATED, id);
			}
		}
		return body;
	}

	private static @Nullable String createdId(@Nullable Object body) {
		if (body instanceof BackupResponse backup) {
			return backup.id();
		}
		if (body instanceof RestoreResponse restore) {
			return restore.id();
		}
		if (body instanceof DcosBackupInfoResponse<?> dcos) {
			if (dcos.backupInfo() instanceof DcosBackupInfo backup) {
				return backup.id();
			}
			if (dcos.backupInfo() instanceof DcosRestoreInfo restore) {
				return restore.id();
			}
		}
		return null;
	}

}
