package org.backplane.service.mirror;

import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.service.job.ClaimedJobTask;
import org.backplane.service.job.JobKernel;
import org.backplane.service.job.JobSecrets;
import org.backplane.service.job.Progress;
import org.backplane.service.source.MirroredSourceComponent;
import org.backplane.service.source.MirroredSourceComponent.MirrorResult;
import org.backplane.service.source.SourceComponentRegistry;

import org.springframework.stereotype.Component;

/**
 * Runs one mirror run on the run kernel: the component's mirror brought up to date with
 * the run's sealed parameters, progress counted per object looked at, the result's
 * counters recorded on the run. A run whose runner died is not run again: it ends
 * {@code STATUS_ERROR} with reason {@code interrupted} (the kernel's default), its lock
 * freed; starting a new run is safe, as a mirror run copies only what changed and deletes
 * only after every copy succeeded.
 */
@Component
class MirrorRunJob extends ClaimedJobTask<MirrorRun, MirrorRunComponent> {

	static final String TASK_NAME = "mirror-run";

	private static final Log logger = LogFactory.getLog(MirrorRunJob.class);

	private final SourceComponentRegistry sources;

	private final JobSecrets secrets;

	MirrorRunJob(MirrorRunRepository runs, JobKernel kernel, SourceComponentRegistry sources, JobSecrets secrets) {
		super(TASK_NAME, "mirror run", runs, kernel);
		this.sources = sources;
		this.secrets = secrets;
	}

	@Override
	protected void work(MirrorRun mirrorRun, Run run) throws Exception {
		String name = mirrorRun.getComponent();
		run.blame(name);
		MirroredSourceComponent source = this.sources.find(name)
			.filter(MirroredSourceComponent.class::isInstance)
			.map(MirroredSourceComponent.class::cast)
			.filter(MirroredSourceComponent::mirrorConfigured)
			.orElseThrow(() -> new IllegalStateException("it no longer has a mirror on this service"));
		Map<String, String> parameters = this.secrets.open(mirrorRun.getId());
		run.componentStarted(name, 0, Progress.UNKNOWN_BYTES);
		MirrorResult result = source.mirror(parameters, run.progress());
		run.progress().checkCancelled();
		run.componentDone(name, (component, items, bytes) -> component.getProgress().setCompleted(items, bytes));
		run.update((r) -> r.record(result));
		logger.info("Mirror run done: mirrorRunId=" + mirrorRun.getId() + " component=" + name + " objects="
				+ result.objects() + " copied=" + result.copied() + " unchanged=" + result.unchanged()
				+ " deletedBuckets=" + result.deletedBuckets().size());
	}

}
