package org.backplane.service.mirror;

import java.time.Clock;
import java.util.UUID;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.service.source.MirrorOutcome;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records each mirror a backup ran ({@code MIRROR=true}) as a mirror run of its
 * component, READY with its counters or ERROR with the reason, so that {@code GET
 * /api/v1/components/{name}/mirror-runs} shows its outcome beside the runs started on
 * their own.
 */
@Component
class BackupMirrors {

	private static final Log logger = LogFactory.getLog(BackupMirrors.class);

	private final MirrorRunRepository runs;

	private final Clock clock;

	BackupMirrors(MirrorRunRepository runs, Clock clock) {
		this.runs = runs;
		this.clock = clock;
	}

	@EventListener
	@Transactional
	void ended(MirrorOutcome outcome) {
		MirrorRun run = this.runs
			.save(MirrorRun.ofBackup("mirror:" + UUID.randomUUID(), outcome, this.clock.instant()));
		logger.info("Mirror run of a backup recorded: mirrorRunId=" + run.getId() + " backupId=" + outcome.backupId()
				+ " component=" + outcome.component() + " status=" + run.getStatus());
	}

}
