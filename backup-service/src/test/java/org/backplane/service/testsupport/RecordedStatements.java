package org.backplane.service.testsupport;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Records every SQL statement the service prepares on its {@link DataSource} (Hibernate's
 * and {@code JdbcTemplate}'s alike: the connections are wrapped), with the thread that
 * prepares it, while a {@link Recording} is open. Tests count the statements one request
 * ran: those of the thread that ran a statement only that request runs, so that the
 * runners and the reaper working meanwhile on their own threads do not count. Picked up
 * by component scanning whenever test classes are on the classpath, as
 * {@link SyntheticSource} is; outside a recording a wrapped connection only delegates.
 */
@Configuration(proxyBeanMethods = false)
public class RecordedStatements {

	private static final ConcurrentLinkedQueue<Map.Entry<String, String>> statements = new ConcurrentLinkedQueue<>();

	private static volatile boolean recording;

	@Bean
	static BeanPostProcessor recordingDataSources() {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				return (bean instanceof DataSource dataSource) ? new RecordingDataSource(dataSource) : bean;
			}

		};
	}

	/**
	 * Starts recording (one recording at a time).
	 * @return the recording
	 */
	public static Recording start() {
		statements.clear();
		recording = true;
		return new Recording();
	}

	/**
	 * Statements recorded since {@link #start()}.
	 */
	public static final class Recording {

		private Recording() {
		}

		/**
		 * Stops recording.
		 * @param marker a fragment of a statement that only the request of interest runs
		 * @return the statements its thread ran, in order
		 * @throws IllegalStateException if no statement holds the marker
		 */
		public List<String> stopAndFindThreadOf(String marker) {
			recording = false;
			List<Map.Entry<String, String>> all = new ArrayList<>(statements);
			String thread = all.stream()
				.filter((e) -> e.getValue().contains(marker))
				.map(Map.Entry::getKey)
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("No statement contains '" + marker + "': " + all));
			return all.stream().filter((e) -> Objects.equals(e.getKey(), thread)).map(Map.Entry::getValue).toList();
		}

	}

	private static final class RecordingDataSource extends DelegatingDataSource {

		RecordingDataSource(DataSource target) {
			super(target);
		}

		@Override
		public Connection getConnection() throws SQLException {
			return recording(super.getConnection());
		}

		@Override
		public Connection getConnection(String username, String password) throws SQLException {
			return recording(super.getConnection(username, password));
		}

		private static Connection recording(Connection target) {
			InvocationHandler handler = (proxy, method, args) -> invoke(target, proxy, method, args);
			return (Connection) Proxy.newProxyInstance(RecordedStatements.class.getClassLoader(),
					new Class<?>[] { Connection.class }, handler);
		}

		private static Object invoke(Connection target, Object proxy, Method method, Object[] args) throws Throwable {
			switch (method.getName()) {
				case "equals":
					return proxy == args[0];
				case "hashCode":
					return System.identityHashCode(proxy);
				case "prepareStatement", "prepareCall":
					if (recording) {
						statements.add(Map.entry(Thread.currentThread().getName(), (String) args[0]));
					}
					break;
				default:
					break;
			}
			try {
				return method.invoke(target, args);
			}
			catch (InvocationTargetException ex) {
				throw ex.getCause();
			}
		}

	}

}
