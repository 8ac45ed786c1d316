package org.backplane.service.schedule;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.client.model.RetentionReport;
import org.backplane.client.model.ScheduleRequest;
import org.backplane.client.model.ScheduleResponse;
import org.backplane.service.backup.Backup;
import org.backplane.service.backup.BackupCatalogue;
import org.backplane.service.backup.BackupService;
import org.backplane.service.backup.BackupStatus;
import org.backplane.service.backup.StoredBackup;
import org.backplane.service.source.SourceComponentRegistry;
import org.backplane.service.storage.StorageLocations;
import org.backplane.service.support.BackplaneException;
import org.backplane.service.support.Caller;
import org.backplane.service.support.Ids;
import org.backplane.service.support.InvalidRequestException;
import org.backplane.service.support.Role;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Schedules: their definitions (API and configuration), their ticks and run-now, and what
 * happens after a run (its outcome, then retention).
 * <p>
 * A tick locks the schedule's row, checks that it is still due, moves the next tick past
 * now, and either records a skip (a backup with the schedule's label is still
 * {@code STATUS_BACKING_UP}) or creates the backup through {@link BackupService#create},
 * all in one transaction: the backup, the schedule's state and the tick's row in
 * {@code schedule_run} (primary key: schedule and due time) commit together or not at
 * all, so a tick runs once whichever replica runs it.
 */
@Service
class ScheduleService {

	private static final Log logger = LogFactory.getLog(ScheduleService.class);

	/** Who a declared schedule was created by. */
	static final String CONFIGURATION = "configuration";

	/**
	 * The advisory lock applying the configured schedules holds ("schedule" in ASCII).
	 */
	private static final long CONFIGURATION_LOCK = 0x7363686564756c65L;

	private final ScheduleRepository schedules;

	private final BackupService backups;

	private final BackupCatalogue catalogue;

	private final SourceComponentRegistry sources;

	private final StorageLocations storage;

	private final RetentionService retention;

	private final ScheduleMetrics metrics;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate tx;

	private final Clock clock;

	ScheduleService(ScheduleRepository schedules, BackupService backups, BackupCatalogue catalogue,
			SourceComponentRegistry sources, StorageLocations storage, RetentionService retention,
			ScheduleMetrics metrics, JdbcTemplate jdbc, PlatformTransactionManager transactionManager, Clock clock) {
		this.schedules = schedules;
		this.backups = backups;
		this.catalogue = catalogue;
		this.sources = sources;
		this.storage = storage;
		this.retention = retention;
		this.metrics = metrics;
		this.jdbc = jdbc;
		this.tx = new TransactionTemplate(transactionManager);
		this.clock = clock;
	}

	// ---- definitions ----

	/**
	 * @return every schedule, by name
	 */
	List<Schedule> list() {
		return this.schedules.findAllByOrderByNameAsc();
	}

	/**
	 * @param name a schedule's name
	 * @return the schedule
	 * @throws ScheduleNotFoundException if there is none
	 */
	Schedule get(String name) {
		Ids.checkText("name", name, 200);
		return this.schedules.findById(name).orElseThrow(() -> new ScheduleNotFoundException(name));
	}

	/**
	 * Creates a schedule.
	 * @param caller who asks: the admin role
	 * @param request the definition
	 * @return the schedule
	 */
	Schedule create(Caller caller, ScheduleRequest request) {
		caller.require(Role.ADMIN, "creating a schedule");
		if (request == null) {
			throw new InvalidRequestException("The body must be a JSON object with at least name and cron");
		}
		String name = checkName(request.name());
		Schedule.Definition definition = definition(request.cron(), request.zone(), request.components(),
				request.storageLocation(), KeepRules.of(request.retention()), Boolean.TRUE.equals(request.paused()));
		Schedule created = this.tx.execute((status) -> {
			if (this.schedules.existsById(name)) {
				throw ScheduleConflictException.exists(name);
			}
			return this.schedules.saveAndFlush(
					Schedule.create(name, definition, ScheduleOrigin.API, caller.name(), this.clock.instant()));
		});
		logger.info("Schedule created: schedule=" + name + " cron='" + created.getCron() + "' zone=" + created.getZone()
				+ " by=" + caller.name());
		refreshMetrics();
		return created;
	}

	/**
	 * Replaces a schedule's definition.
	 * @param caller who asks: the admin role
	 * @param name its name
	 * @param request the new definition
	 * @return the schedule
	 */
	Schedule update(Caller caller, String name, ScheduleRequest request) {
		caller.require(Role.ADMIN, "changing a schedule");
		if (request == null) {
			throw new InvalidRequestException("The body must be a JSON object with at least cron");
		}
		if (request.name() != null && !request.name().equals(name)) {
			throw new InvalidRequestException("The body's name '" + Ids.printable(request.name())
					+ "' differs from the path's '" + Ids.printable(name)
					+ "': a schedule cannot be renamed; create one with the new name and delete this one");
		}
		Schedule.Definition definition = definition(request.cron(), request.zone(), request.components(),
				request.storageLocation(), KeepRules.of(request.retention()), Boolean.TRUE.equals(request.paused()));
		Schedule updated = change(name, "change", (schedule, now) -> schedule.define(definition, now));
		logger.info("Schedule changed: schedule=" + name + " by=" + caller.name());
		return updated;
	}

	/**
	 * Deletes a schedule; its backups stay (and are no longer pruned).
	 * @param caller who asks: the admin role
	 * @param name its name
	 */
	void delete(Caller caller, String name) {
		caller.require(Role.ADMIN, "deleting a schedule");
		this.tx.executeWithoutResult((status) -> {
			Schedule schedule = this.schedules.findForUpdate(name)
				.orElseThrow(() -> new ScheduleNotFoundException(name));
			if (schedule.getOrigin() == ScheduleOrigin.CONFIGURATION) {
				throw ScheduleConflictException.readOnly(name, "delete");
			}
			this.schedules.delete(schedule);
		});
		logger.info("Schedule deleted: schedule=" + name + " by=" + caller.name());
		refreshMetrics();
	}

	/**
	 * Pauses a schedule.
	 * @param caller who asks: the admin role
	 * @param name its name
	 * @return the schedule
	 */
	Schedule pause(Caller caller, String name) {
		caller.require(Role.ADMIN, "pausing a schedule");
		Schedule paused = change(name, "pause", (schedule, now) -> schedule.pause(now));
		logger.info("Schedule paused: schedule=" + name + " by=" + caller.name());
		return paused;
	}

	/**
	 * Resumes a schedule from its next tick.
	 * @param caller who asks: the admin role
	 * @param name its name
	 * @return the schedule
	 */
	Schedule resume(Caller caller, String name) {
		caller.require(Role.ADMIN, "resuming a schedule");
		Schedule resumed = change(name, "resume", (schedule, now) -> schedule.resume(now));
		logger.info("Schedule resumed: schedule=" + name + " by=" + caller.name());
		return resumed;
	}

	private Schedule change(String name, String action, Change change) {
		Schedule changed = this.tx.execute((status) -> {
			Schedule schedule = this.schedules.findForUpdate(name)
				.orElseThrow(() -> new ScheduleNotFoundException(name));
			if (schedule.getOrigin() == ScheduleOrigin.CONFIGURATION) {
				throw ScheduleConflictException.readOnly(name, action);
			}
			change.apply(schedule, this.clock.instant());
			return this.schedules.saveAndFlush(schedule);
		});
		refreshMetrics();
		return changed;
	}

	private static String checkName(String name) {
		if (name == null || !Ids.isValidLabel(name)) {
			throw new InvalidRequestException("Invalid schedule name '" + Ids.printable(name)
					+ "': it is also its backups' label, so use 3-25 characters, letters, digits, '_', '.' or '-', "
					+ "the first two letters, digits or '_'",
					Map.of("rule", "^[A-Za-z0-9_][A-Za-z0-9_][A-Za-z0-9_.-]*$"));
		}
		return name;
	}

	/**
	 * Checks a definition: cron and zone, components, storage location, rules.
	 * @param cron the cron expression
	 * @param zone the zone, or {@code null} for UTC
	 * @param components the components, or {@code null}/empty for all
	 * @param storageLocation the storage location, or {@code null} for the default
	 * @param rules the rules, or {@code null}; rules that are all off count as none
	 * @param paused whether the schedule is paused
	 * @return the checked definition
	 * @throws org.backplane.service.support.InvalidRequestException naming what to fix
	 */
	Schedule.Definition definition(String cron, String zone, List<String> components, String storageLocation,
			KeepRules rules, boolean paused) {
		ScheduleTiming timing = ScheduleTiming.parse(cron, zone);
		if (components != null && !components.isEmpty()) {
			this.sources.select(components);
		}
		if (storageLocation != null) {
			this.storage.location(storageLocation);
		}
		if (rules != null && rules.isEmpty()) {
			rules = null;
		}
		return new Schedule.Definition(timing, components, storageLocation, rules, paused);
	}

	/**
	 * Makes the declared schedules those of the configuration: creates or updates each
	 * (keeping its run state), and removes declared schedules no longer configured. A
	 * schedule created through the API with a declared schedule's name is replaced by the
	 * declared one (logged).
	 * @param declared the declared schedules by name, checked
	 */
	void applyConfiguration(Map<String, Schedule.Definition> declared) {
		Instant now = this.clock.instant();
		this.tx.executeWithoutResult((status) -> {
			// Replicas starting together apply the same configuration one after the other
			// (else both insert a new schedule), and every row is locked before it is
			// read,
			// so that a tick another replica's dispatcher records meanwhile waits instead
			// of
			// making the state read here stale (an optimistic lock failure at commit)
			this.jdbc.query("select pg_advisory_xact_lock(" + CONFIGURATION_LOCK + ")", (rs) -> {
			});
			this.jdbc.query("select name from schedule order by name for update", (rs) -> {
			});
			for (Schedule schedule : this.schedules.findAll()) {
				if (schedule.getOrigin() == ScheduleOrigin.CONFIGURATION && !declared.containsKey(schedule.getName())) {
					this.schedules.delete(schedule);
					logger.info("Schedule removed from configuration, deleted: schedule=" + schedule.getName());
				}
			}
			declared.forEach((name, definition) -> {
				Schedule existing = this.schedules.findForUpdate(name).orElse(null);
				if (existing != null && existing.getOrigin() == ScheduleOrigin.API) {
					logger.warn("Schedule declared in configuration replaces the one created through the API: schedule="
							+ name);
					this.schedules.delete(existing);
					this.schedules.flush();
					existing = null;
				}
				if (existing == null) {
					this.schedules
						.save(Schedule.create(name, definition, ScheduleOrigin.CONFIGURATION, CONFIGURATION, now));
				}
				else {
					existing.define(definition, now);
				}
			});
		});
		refreshMetrics();
	}

	// ---- runs ----

	/**
	 * Runs a schedule now, whatever its next tick (which stays as it is); works on paused
	 * and declared schedules too.
	 * @param caller who asks: the operator role, as for starting any backup; the backup
	 * records the caller as its creator
	 * @param name the schedule's name
	 * @return the backup, {@code STATUS_BACKING_UP}
	 * @throws ScheduleConflictException if its previous run is still going
	 */
	Backup runNow(Caller caller, String name) {
		caller.require(Role.OPERATOR, "running a schedule now");
		return this.tx.execute((status) -> {
			Schedule schedule = this.schedules.findForUpdate(name)
				.orElseThrow(() -> new ScheduleNotFoundException(name));
			Instant now = this.clock.instant();
			String running = runningBackup(schedule);
			if (running != null) {
				throw ScheduleConflictException.running(name, running);
			}
			Backup backup = this.backups.create(caller, name, nullIfEmpty(schedule.getComponents()),
					schedule.getStorageLocation(), null);
			schedule.started(backup.getId(), now);
			recordRun(name, now, "STARTED", backup.getId(), now);
			logger.info("Schedule run now: schedule=" + name + " backupId=" + backup.getId() + " by=" + caller.name());
			return backup;
		});
	}

	/**
	 * Runs every due tick, then settles finished runs (outcome, retention). Called by
	 * {@link ScheduleDispatcher} (once across the cluster); tests call it with a time of
	 * their choosing.
	 * @param now the time
	 */
	void dispatch(Instant now) {
		for (String name : this.schedules.findDue(now)) {
			tick(name, now);
		}
		for (Schedule schedule : list()) {
			settle(schedule.getName());
		}
		refreshMetrics();
	}

	/**
	 * Runs a schedule's tick if it is due.
	 * @param name the schedule
	 * @param now the time
	 */
	void tick(String name, Instant now) {
		try {
			this.tx.executeWithoutResult((status) -> {
				Schedule schedule = this.schedules.findForUpdate(name).orElse(null);
				if (schedule == null || schedule.isPaused() || schedule.getNextRunAt().isAfter(now)) {
					return;
				}
				Instant due = schedule.getNextRunAt();
				schedule.advance(now);
				String running = runningBackup(schedule);
				if (running != null) {
					schedule.skipped(now);
					recordRun(name, due, "SKIPPED", null, now);
					this.metrics.skipped(name);
					logger.info("Schedule tick skipped, the previous run is still going: schedule=" + name + " due="
							+ due + " runningBackupId=" + running);
					return;
				}
				Backup backup = this.backups.create(new Caller("schedule:" + name, Role.OPERATOR), name,
						nullIfEmpty(schedule.getComponents()), schedule.getStorageLocation(), null);
				schedule.started(backup.getId(), now);
				recordRun(name, due, "STARTED", backup.getId(), now);
				logger.info("Schedule tick: schedule=" + name + " due=" + due + " backupId=" + backup.getId());
			});
		}
		catch (DuplicateKeyException ex) {
			logger.info("Schedule tick already run: schedule=" + name);
		}
		catch (BackplaneException | DataAccessException ex) {
			String reason = ex.getMessage();
			logger.warn("Schedule tick failed to start a backup: schedule=" + name + " reason=" + reason);
			this.tx.executeWithoutResult((status) -> {
				Schedule schedule = this.schedules.findForUpdate(name).orElse(null);
				if (schedule == null || schedule.getNextRunAt().isAfter(now)) {
					return;
				}
				Instant due = schedule.getNextRunAt();
				schedule.advance(now);
				schedule.startFailed(reason, now);
				recordRun(name, due, "FAILED", null, now);
			});
		}
	}

	/**
	 * Records how a schedule's last run ended once its backup ended, then, if the
	 * schedule has rules, applies its retention once after that backup. (A run followed
	 * by skipped ticks keeps {@code SKIPPED} as the last outcome; retention still runs
	 * once its backup ends.)
	 * @param name the schedule
	 */
	void settle(String name) {
		try {
			Schedule schedule = this.tx.execute((status) -> {
				Schedule s = this.schedules.findForUpdate(name).orElse(null);
				if (s == null || s.getLastBackupId() == null) {
					return null;
				}
				StoredBackup backup = find(s.getLastBackupId());
				boolean ended = backup == null || backup.status() != BackupStatus.STATUS_BACKING_UP;
				if (s.getLastOutcome() == RunOutcome.RUNNING && ended) {
					Instant now = this.clock.instant();
					if (backup == null) {
						s.failed("Its backup " + s.getLastBackupId() + " was deleted before it ended", now);
					}
					else if (backup.status() == BackupStatus.STATUS_ERROR) {
						s.failed(Objects.requireNonNullElse(backup.errorReason(), "The backup failed"), now);
					}
					else {
						s.succeeded(now);
					}
				}
				boolean retentionDue = ended && s.rules() != null
						&& !s.getLastBackupId().equals(s.getRetentionAppliedFor());
				return retentionDue ? s : null;
			});
			if (schedule != null) {
				applyRetention(schedule);
				this.tx.executeWithoutResult((status) -> this.schedules.findForUpdate(name)
					.ifPresent((s) -> s.retentionApplied(schedule.getLastBackupId())));
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Settling a schedule's run failed, tried again later: schedule=" + name + " reason="
					+ ex.getMessage());
		}
	}

	/**
	 * Applies every schedule's retention (the retention tick), after retrying the
	 * deletions that failed.
	 */
	void applyAllRetention() {
		int retried = this.backups.retryDeletions(new Caller("retention", Role.ADMIN));
		if (retried > 0) {
			logger.info("Deletions retried and done: backups=" + retried);
		}
		for (Schedule schedule : list()) {
			if (schedule.rules() != null) {
				try {
					applyRetention(schedule);
				}
				catch (RuntimeException ex) {
					logger.warn("Retention failed, tried again at the next tick: schedule=" + schedule.getName()
							+ " reason=" + ex.getMessage());
				}
			}
		}
	}

	/**
	 * Applies a schedule's retention, keeping only counts (memory does not grow with the
	 * schedule's backups).
	 * @param schedule the schedule
	 * @return how many backups were kept and deleted
	 */
	RetentionService.Tally applyRetention(Schedule schedule) {
		return this.retention.applyCounting(schedule.getName(), true, schedule.rules(), schedule.timing().zone(),
				new Caller("retention:" + schedule.getName(), Role.ADMIN));
	}

	/**
	 * What a schedule's retention would keep and delete now.
	 * @param name the schedule
	 * @return the report, a dry run; everything kept when the schedule has no rules
	 */
	RetentionReport preview(String name) {
		Schedule schedule = get(name);
		KeepRules rules = schedule.rules();
		if (rules == null) {
			throw new InvalidRequestException("Schedule " + name
					+ " has no retention rules, so it keeps every backup: set retention (keepLast, keepDaily, ...)");
		}
		return this.retention.apply(name, true, rules, schedule.timing().zone(), true, null);
	}

	/**
	 * The schedule as the API shows it: a run whose backup ended shows its outcome even
	 * before the dispatcher recorded it.
	 * @param schedule the schedule
	 * @return the response
	 */
	ScheduleResponse view(Schedule schedule) {
		RunOutcome outcome = schedule.getLastOutcome();
		String error = schedule.getLastError();
		if (outcome == RunOutcome.RUNNING) {
			StoredBackup backup = find(schedule.getLastBackupId());
			if (backup == null) {
				outcome = RunOutcome.FAILED;
				error = "Its backup " + schedule.getLastBackupId() + " was deleted before it ended";
			}
			else if (backup.status() == BackupStatus.STATUS_ERROR) {
				outcome = RunOutcome.FAILED;
				error = backup.errorReason();
			}
			else if (backup.status() != BackupStatus.STATUS_BACKING_UP) {
				outcome = RunOutcome.SUCCEEDED;
			}
		}
		KeepRules rules = schedule.rules();
		return new ScheduleResponse(schedule.getName(), schedule.getCron(), schedule.getZone(),
				schedule.getComponents(), schedule.getStorageLocation(), (rules != null) ? rules.toWire() : null,
				schedule.isPaused(), schedule.getOrigin().name().toLowerCase(Locale.ROOT),
				schedule.isPaused() ? null : schedule.getNextRunAt(), this.metrics.intervalSeconds(schedule),
				schedule.getLastRunAt(), (outcome != null) ? outcome.name() : null, schedule.getLastBackupId(), error,
				schedule.getSkippedCount(), schedule.getCreatedAt(), schedule.getCreatedBy(), schedule.getUpdatedAt());
	}

	void refreshMetrics() {
		try {
			this.metrics.show(list());
		}
		catch (RuntimeException ex) {
			logger.warn("Updating the schedules' metrics failed: reason=" + ex.getMessage());
		}
	}

	private String runningBackup(Schedule schedule) {
		if (!this.catalogue.isBackingUp(schedule.getName())) {
			return null;
		}
		StoredBackup last = find(schedule.getLastBackupId());
		return (last != null && last.status() == BackupStatus.STATUS_BACKING_UP) ? last.id()
				: "with label " + schedule.getName();
	}

	private StoredBackup find(String backupId) {
		if (backupId == null) {
			return null;
		}
		try {
			return this.catalogue.find(backupId);
		}
		catch (BackplaneException ex) {
			if (ex.getKind() == BackplaneException.Kind.NOT_FOUND) {
				return null;
			}
			throw ex;
		}
	}

	private void recordRun(String name, Instant due, String outcome, String backupId, Instant now) {
		this.jdbc.update(
				"insert into schedule_run (schedule_name, due_at, outcome, backup_id, recorded_at) values (?, ?, ?, ?, ?)",
				name, Timestamp.from(due), outcome, backupId, Timestamp.from(now));
		// keep the newest 100 runs of each schedule
		this.jdbc.update("delete from schedule_run where schedule_name = ? and due_at < (select due_at from "
				+ "schedule_run where schedule_name = ? order by due_at desc offset 99 limit 1)", name, name);
	}

	private static List<String> nullIfEmpty(List<String> list) {
		return (list == null || list.isEmpty()) ? null : list;
	}

	@FunctionalInterface
	private interface Change {

		void apply(Schedule schedule, Instant now);

	}

}
