package org.backplane.service.api;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.client.model.MirrorRequest;
import org.backplane.client.model.MirrorResponse;
import org.backplane.service.job.ComponentBusyException;
import org.backplane.service.source.MirroredSourceComponent;
import org.backplane.service.source.SourceComponent;
import org.backplane.service.source.SourceComponentRegistry;
import org.backplane.service.support.BackplaneException;
import org.backplane.service.support.Caller;
import org.backplane.service.support.InvalidRequestException;
import org.backplane.service.support.Role;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Mirror runs of components that have a mirror ({@code buckets} with a
 * {@code mirror-location}): {@code POST /api/v1/components/{name}/mirror}. The run
 * happens in the request and answers what it did; one run per component at a time on this
 * replica.
 */
@RestController
@Tag(name = "components", description = "What can be backed up")
class ComponentMirrorController {

	private static final Log logger = LogFactory.getLog(ComponentMirrorController.class);

	private final SourceComponentRegistry sources;

	private final Set<String> running = ConcurrentHashMap.newKeySet();

	ComponentMirrorController(SourceComponentRegistry sources) {
		this.sources = sources;
	}

	@PostMapping(path = "/api/v1/components/{name}/mirror", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Mirror a component now",
			description = "Copies each selected source bucket into <mirror-prefix><bucket> at the component's "
					+ "mirror-location as plain objects, only what changed (SHA-256 in the objects' metadata), then "
					+ "deletes the mirror's objects and buckets whose source is gone. Answers when done. Operator role.")
	MirrorResponse mirror(@PathVariable String name, @RequestBody(required = false) MirrorRequest request,
			Caller caller) {
		caller.require(Role.OPERATOR, "mirroring a component");
		SourceComponent component = this.sources.select(java.util.List.of(name)).get(0);
		if (!(component instanceof MirroredSourceComponent mirrored) || !mirrored.mirrorConfigured()) {
			throw new InvalidRequestException("Component '" + name + "' has no mirror: set backplane.components." + name
					+ ".mirror-location (buckets components only)");
		}
		Map<String, String> parameters = this.sources.componentParameters(java.util.List.of(component),
				(request != null) ? request.parameters() : null);
		Map<String, String> unknown = new java.util.TreeMap<>(
				this.sources.storageParameters((request != null) ? request.parameters() : null));
		if (!unknown.isEmpty()) {
			throw new InvalidRequestException("Unknown parameters " + unknown.keySet() + " for mirroring component '"
					+ name + "': it takes " + new java.util.TreeSet<>(component.requestParameters()));
		}
		if (!this.running.add(name)) {
			throw new ComponentBusyException(name, "mirror", "mirror");
		}
		try {
			MirroredSourceComponent.MirrorResult result = mirrored.mirror(parameters, SourceComponent.Progress.NONE);
			logger
				.info("Mirror run done: component=" + name + " caller=" + caller.name() + " copied=" + result.copied());
			return new MirrorResponse(name, result.buckets(), result.objects(), result.copied(), result.copiedBytes(),
					result.unchanged(), result.deletedObjects(), result.deletedBuckets());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidRequestException(ex.getMessage());
		}
		catch (IOException ex) {
			throw new MirrorFailedException(name, ex);
		}
		finally {
			this.running.remove(name);
		}
	}

	/**
	 * A mirror run failed: the source or the mirror refused or could not be reached
	 * (503).
	 */
	static class MirrorFailedException extends BackplaneException {

		MirrorFailedException(String component, Exception cause) {
			super(Kind.UNAVAILABLE, "Mirror of component '" + component + "' failed: " + cause.getMessage(),
					Map.of("component", component), cause);
		}

		@Override
		public String getTitle() {
			return "Mirror failed";
		}

		@Override
		public String getTypeSlug() {
			return "mirror-failed";
		}

	}

}
