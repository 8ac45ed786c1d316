package org.backplane.service.embedded;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Keeps a second service off another service's embedded PostgreSQL. The embedded database
 * serves one node: it listens on the loopback address, on a port that changes at every
 * start, so a replica pointed at it breaks for good when its owner restarts. The embedded
 * database carries a marker (its database comment); a service configured with
 * {@code spring.datasource.url} that finds the marker refuses to start, saying to use an
 * external PostgreSQL.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("spring.datasource.url")
class SharedEmbeddedDatabaseGuard {

	/** The start of the embedded database's comment. */
	static final String MARKER = "backplane-embedded";

	private static final Log logger = LogFactory.getLog(SharedEmbeddedDatabaseGuard.class);

	@Bean
	static BeanPostProcessor sharedEmbeddedDatabaseCheck() {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
				if (bean instanceof DataSource dataSource) {
					check(dataSource);
				}
				return bean;
			}

		};
	}

	/**
	 * Marks the embedded database as one service's own.
	 * @param dataSource the embedded database
	 * @throws SQLException if the comment cannot be set
	 */
	static void mark(DataSource dataSource) throws SQLException {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("COMMENT ON DATABASE postgres IS '" + MARKER
					+ ": the embedded PostgreSQL of one Backplane service; replicas need an external PostgreSQL'");
		}
	}

	/**
	 * Refuses a database that is another service's embedded PostgreSQL. A database that
	 * cannot be reached is left to the migrations, which say so.
	 * @param dataSource the configured database
	 */
	static void check(DataSource dataSource) {
		String comment;
		try (Connection connection = dataSource.getConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT shobj_description(oid, 'pg_database') "
						+ "FROM pg_database WHERE datname = current_database()")) {
			comment = result.next() ? result.getString(1) : null;
		}
		catch (SQLException ex) {
			logger.debug("Cannot check whether the database is another service's embedded PostgreSQL", ex);
			return;
		}
		if (comment != null && comment.startsWith(MARKER)) {
			throw new IllegalStateException("spring.datasource.url points at another Backplane service's embedded "
					+ "PostgreSQL, which serves that one node only (it listens on the loopback address, on a port "
					+ "that changes at every start): give every replica the same external PostgreSQL, as "
					+ "docs/operations.md says (\"Replicas\")");
		}
	}

}
