package org.backplane.service.mirror;

import java.util.List;

import org.backplane.service.job.RunRepository;

import org.springframework.data.domain.Limit;

interface MirrorRunRepository extends RunRepository<MirrorRun> {

	/**
	 * A component's latest runs (index {@code mirror_run_component_idx}).
	 * @param component the component
	 * @param limit how many at most
	 * @return its runs, newest first
	 */
	List<MirrorRun> findByComponentOrderByCreatedAtDesc(String component, Limit limit);

}
