package org.backplane.service.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses the Prometheus text exposition format (what {@code /actuator/prometheus}
 * answers) into series and values: each sample line {@code name{labels} value} becomes
 * the key {@code name{labels}} (labels as written, sorted by the registry) and its value.
 * Comment lines ({@code # HELP}, {@code # TYPE}) are checked to name a metric and
 * skipped.
 */
public final class PrometheusText {

	private PrometheusText() {
	}

	/**
	 * @param text the exposition
	 * @return every sample, by series
	 * @throws IllegalArgumentException on a line that is not a sample or a comment
	 */
	public static Map<String, Double> parse(String text) {
		Map<String, Double> samples = new LinkedHashMap<>();
		for (String line : text.split("\n")) {
			if (line.isBlank()) {
				continue;
			}
			if (line.startsWith("#")) {
				if (!line.matches("# (HELP|TYPE|UNIT|EOF)( [a-zA-Z_:][a-zA-Z0-9_:]*( .*)?)?")) {
					throw new IllegalArgumentException("Not a Prometheus comment: " + line);
				}
				continue;
			}
			int end = line.lastIndexOf('}');
			int space = line.indexOf(' ', Math.max(end, 0));
			if (space < 0) {
				throw new IllegalArgumentException("Not a Prometheus sample: " + line);
			}
			String series = line.substring(0, space);
			if (!series.matches("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{.*\\})?")) {
				throw new IllegalArgumentException("Not a Prometheus series: " + line);
			}
			String value = line.substring(space + 1).trim().split(" ")[0];
			samples.put(series, switch (value) {
				case "NaN" -> Double.NaN;
				case "+Inf" -> Double.POSITIVE_INFINITY;
				case "-Inf" -> Double.NEGATIVE_INFINITY;
				default -> Double.parseDouble(value);
			});
		}
		return samples;
	}

	/**
	 * The metric name of a series.
	 * @param series {@code name{labels}} or {@code name}
	 * @return the name
	 */
	public static String name(String series) {
		int brace = series.indexOf('{');
		return (brace < 0) ? series : series.substring(0, brace);
	}

}
