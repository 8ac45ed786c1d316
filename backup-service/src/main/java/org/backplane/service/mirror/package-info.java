/**
 * Native mirror runs ({@code POST /api/v1/components/{name}/mirror}): a component's
 * mirror brought up to date as an asynchronous job on the run kernel, holding the
 * component's lock, its {@link org.backplane.service.mirror.MirrorRun} readable while and
 * after it runs. See {@code docs/sources-buckets.md} "Mirror runs".
 */
@ApplicationModule(allowedDependencies = { "job", "source", "support" })
package org.backplane.service.mirror;

import org.springframework.modulith.ApplicationModule;
