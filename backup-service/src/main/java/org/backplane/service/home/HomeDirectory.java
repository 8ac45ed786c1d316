package org.backplane.service.home;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.service.config.BackplaneProperties;
import org.backplane.service.support.OwnerOnly;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * The service's home, {@code backplane.home}: created {@code 0700} if missing. At every
 * start what the service keeps in it is restricted to its owner (the group's and other
 * users' permissions are taken away): the home itself, the embedded PostgreSQL's folder
 * {@code postgres/} and everything in it, {@code secrets.key}, and the default file
 * storage's and the sample's folders {@code storage/} and {@code sample/} (their content
 * is reachable through them only). This version creates all of these owner-only; an
 * earlier one left folders {@code 0755} and files {@code 0644}, which the first start of
 * this one changes (as would anything else that opened them again). Nothing else under
 * the home is touched. A home folder that belongs to another user (a volume's root) is
 * left as it is, with a warning.
 * <p>
 * What was changed is logged in one line, together with what the embedded PostgreSQL
 * changed when it converted an earlier version's data directory
 * ({@link #logChanges(String)}); without the embedded PostgreSQL the line comes once the
 * beans are created.
 */
@Component
public class HomeDirectory implements SmartInitializingSingleton {

	/** What is restricted, and whether its content is too. */
	private static final List<Entry> KEPT = List.of(new Entry("postgres", true), new Entry("secrets.key", false),
			new Entry("storage", false), new Entry("sample", false));

	private static final int NAMED_IN_LOG = 6;

	private static final Log logger = LogFactory.getLog(HomeDirectory.class);

	private final Path path;

	private final List<OwnerOnly.Change> changes = new ArrayList<>();

	private boolean logged;

	HomeDirectory(BackplaneProperties properties) {
		this.path = properties.home();
		try {
			OwnerOnly.createDirectories(this.path);
			restrictHome();
			for (Entry entry : KEPT) {
				this.changes.addAll(OwnerOnly.restrict(this.path.resolve(entry.name()), entry.content()));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot restrict the home " + this.path
					+ " to its owner: make it and what is in it owned by the service's user", ex);
		}
	}

	/**
	 * Restricts the home folder itself, unless it belongs to another user, as a volume's
	 * root may (Kubernetes' {@code fsGroup} gives the service the group's access to a
	 * folder owned by root): then only what the service keeps in it is restricted.
	 */
	private void restrictHome() throws IOException {
		try {
			this.changes.addAll(OwnerOnly.restrict(this.path, false));
		}
		catch (FileSystemException ex) {
			if (Files.isWritable(this.path) && !(ex instanceof NoSuchFileException)) {
				logger.warn("Cannot restrict " + this.path + " itself to its owner (" + ex.getReason()
						+ "; it belongs to " + Files.getOwner(this.path).getName()
						+ "): what the service keeps in it is restricted");
				return;
			}
			throw ex;
		}
	}

	/**
	 * @return the home's absolute path
	 */
	public Path path() {
		return this.path;
	}

	/**
	 * Logs, once, in one line, what start-up changed to make the home private: the modes
	 * restricted, and what the caller adds. Nothing is logged when nothing changed.
	 * @param alsoChanged what else was changed, e.g. by the embedded PostgreSQL, or
	 * {@code null}
	 */
	public synchronized void logChanges(String alsoChanged) {
		if (this.logged) {
			return;
		}
		this.logged = true;
		String line = describe(this.path, this.changes, alsoChanged);
		if (line != null) {
			logger.warn(line);
		}
	}

	@Override
	public void afterSingletonsInstantiated() {
		logChanges(null);
	}

	static String describe(Path home, List<OwnerOnly.Change> changes, String alsoChanged) {
		List<String> parts = new ArrayList<>();
		if (alsoChanged != null) {
			parts.add(alsoChanged);
		}
		if (!changes.isEmpty()) {
			long folders = changes.stream().filter(OwnerOnly.Change::folder).count();
			long files = changes.size() - folders;
			String named = changes.stream()
				.limit(NAMED_IN_LOG)
				.map((change) -> name(home, change.path()) + " " + OwnerOnly.octal(change.before()) + "->"
						+ OwnerOnly.octal(change.after()))
				.collect(Collectors.joining(", "));
			String more = (changes.size() > NAMED_IN_LOG) ? ", and " + (changes.size() - NAMED_IN_LOG) + " more" : "";
			parts.add(folders + " folder(s) and " + files + " file(s) lost the group's and other users' permissions: "
					+ named + more);
		}
		if (parts.isEmpty()) {
			return null;
		}
		return "Restricted " + home + " to its owner (the group or other users had access): "
				+ String.join("; ", parts);
	}

	private static String name(Path home, Path path) {
		return path.equals(home) ? "<home>" : home.relativize(path).toString();
	}

	private record Entry(String name, boolean content) {

	}

}
