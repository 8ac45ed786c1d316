/**
 * Schedules and retention: cron schedules that start ordinary backups labelled with the
 * schedule's name (once per tick across replicas), and restic-style retention rules that
 * prune them, never the newest READY backup, a pinned one or one in use. Declared in
 * configuration ({@code backplane.schedules.<name>.*}, read-only) or created through
 * {@code /api/v1/schedules}.
 */
@ApplicationModule(allowedDependencies = { "api", "backup :: api", "config", "job", "source", "storage", "support" })
package org.backplane.service.schedule;

import org.springframework.modulith.ApplicationModule;
