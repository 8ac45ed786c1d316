package org.backplane.service.backup;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.zip.CRC32;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.service.config.BackplaneProperties;
import org.backplane.service.job.RecurringJob;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The verification schedule ({@code backplane.verification.cron}): each run fully reads
 * (SHA-256) a rotating share of the READY backups, restic's
 * {@code --read-data-subset=n/t} turned into a rotation. The READY backups are split into
 * {@code t} groups by the CRC-32 of their id mod {@code t} (deterministic: the same on
 * every replica and after a restart); run {@code k} (a counter in the database, shared by
 * every replica, starting at 0) reads the groups {@code k·n mod t … (k·n + n − 1) mod t}.
 * So {@code t/n} runs (rounded up) read every backup at least once, and with
 * {@code n = 1} exactly once every {@code t} runs. A backup made after its group's turn
 * is read at the group's next turn. The READY ids are read in keyset pages of
 * {@value #PAGE_SIZE} (id order), so the run's memory does not grow with the catalogue.
 */
@Component
@ConditionalOnProperty(prefix = "backplane.verification", name = "cron")
class VerificationScheduleJob extends RecurringJob {

	private static final Log logger = LogFactory.getLog(VerificationScheduleJob.class);

	private final BackupVerifier verifier;

	private final JdbcTemplate jdbc;

	private final int groupsPerRun;

	private final int groups;

	/** How many ids one page of the READY backups holds. */
	static final int PAGE_SIZE = 500;

	private final int pageSize;

	@Autowired
	VerificationScheduleJob(BackupVerifier verifier, JdbcTemplate jdbc, BackplaneProperties properties) {
		this(verifier, jdbc, properties.verification().cron(), properties.verification().groupsPerRun(),
				properties.verification().groups());
	}

	VerificationScheduleJob(BackupVerifier verifier, JdbcTemplate jdbc, String cron, int groupsPerRun, int groups) {
		this(verifier, jdbc, cron, groupsPerRun, groups, PAGE_SIZE);
	}

	VerificationScheduleJob(BackupVerifier verifier, JdbcTemplate jdbc, String cron, int groupsPerRun, int groups,
			int pageSize) {
		super("verification-schedule", cronOf(cron), zoneOf(cron));
		this.verifier = verifier;
		this.jdbc = jdbc;
		this.groupsPerRun = groupsPerRun;
		this.groups = groups;
		this.pageSize = pageSize;
	}

	static String cronOf(String cron) {
		String[] fields = cron.trim().split("\\s+");
		if (fields.length != 6 && fields.length != 7) {
			throw new IllegalArgumentException("backplane.verification.cron must have six fields (second minute hour "
					+ "day month weekday) and optionally a time zone, e.g. '0 0 4 * * *' or '0 0 4 * * * UTC'; got '"
					+ cron + "'");
		}
		return String.join(" ", List.of(fields).subList(0, 6));
	}

	static ZoneId zoneOf(String cron) {
		String[] fields = cron.trim().split("\\s+");
		if (fields.length < 7) {
			return ZoneId.systemDefault();
		}
		try {
			return ZoneId.of(fields[6]);
		}
		catch (DateTimeException ex) {
			throw new IllegalArgumentException("backplane.verification.cron ends with '" + fields[6]
					+ "', which is not a time zone (e.g. UTC, Europe/Paris)");
		}
	}

	@Override
	protected void runTick(Instant scheduledFor) {
		long round = this.jdbc.queryForObject("""
				insert into verification_round (name, runs) values ('verification', 1)
				on conflict (name) do update set runs = verification_round.runs + 1
				returning runs
				""", Long.class) - 1;
		int checked = 0;
		int failed = 0;
		String after = "";
		List<String> page;
		do {
			page = this.verifier.readyIds(after, this.pageSize);
			for (String id : page) {
				if (inRound(id, round, this.groupsPerRun, this.groups)) {
					checked++;
					if (!this.verifier.verifyNow(id, BackupVerifier.FULL)) {
						failed++;
					}
				}
			}
			if (!page.isEmpty()) {
				after = page.get(page.size() - 1);
			}
		}
		while (page.size() == this.pageSize);
		logger.info("Scheduled verification ran: round=" + round + " subset=" + this.groupsPerRun + "/" + this.groups
				+ " backups=" + checked + " failed=" + failed);
	}

	/**
	 * Whether a backup is read in a round.
	 * @param id the backup's id
	 * @param round the round, from 0
	 * @param groupsPerRun {@code n}
	 * @param groups {@code t}
	 * @return whether its group is one of the round's
	 */
	static boolean inRound(String id, long round, int groupsPerRun, int groups) {
		long group = groupOf(id, groups);
		long first = Math.floorMod(round * groupsPerRun, (long) groups);
		return Math.floorMod(group - first, (long) groups) < groupsPerRun;
	}

	/**
	 * @param id a backup's id
	 * @param groups {@code t}
	 * @return its group, CRC-32 of the id (UTF-8) mod {@code t}
	 */
	static long groupOf(String id, int groups) {
		CRC32 crc = new CRC32();
		crc.update(id.getBytes(StandardCharsets.UTF_8));
		return crc.getValue() % groups;
	}

}
