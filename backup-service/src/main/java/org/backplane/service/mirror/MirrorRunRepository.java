package org.backplane.service.mirror;

import org.backplane.service.job.RunRepository;

interface MirrorRunRepository extends RunRepository<MirrorRun> {

}
