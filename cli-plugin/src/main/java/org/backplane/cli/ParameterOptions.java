package org.backplane.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Option;

/**
 * {@code --parameter KEY[=VALUE]}, repeatable, on {@code create}, {@code restore} and
 * {@code delete}: the per-request parameters of the DC/OS backup plans
 * ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code S3_BUCKET_NAME},
 * {@code AZURE_STORAGE_KEY}, …), sent with the request and used for that job only. A bare
 * {@code KEY} takes its value from the environment variable of that name, as
 * {@code docker run -e KEY} does, so secrets stay out of the shell history and of the
 * process list. Values are never printed.
 */
class ParameterOptions {

	@Option(names = { "--parameter", "-p" }, paramLabel = "KEY[=VALUE]",
			description = "A per-request parameter of the storage location (credentials such as AWS_ACCESS_KEY_ID, "
					+ "AZURE_STORAGE_KEY, or where: S3_BUCKET_NAME, CONTAINER_NAME), used for this job only; "
					+ "repeatable. KEY alone takes the value of the environment variable KEY: keeps secrets out of "
					+ "the shell history and the process list.")
	private List<String> parameters = List.of();

	/**
	 * @param context where bare keys are looked up
	 * @return the parameters in the order given, {@code null} when none (no
	 * {@code parameters} in the request)
	 * @throws CliException with {@link ExitCodes#USAGE} for an empty key, a key given
	 * twice, or a bare key whose environment variable is unset or empty; the message
	 * names the key, never a value
	 */
	Map<String, String> resolve(CliContext context) {
		if (this.parameters.isEmpty()) {
			return null;
		}
		Map<String, String> resolved = new LinkedHashMap<>();
		for (String parameter : this.parameters) {
			int equals = parameter.indexOf('=');
			String key = ((equals < 0) ? parameter : parameter.substring(0, equals)).strip();
			if (key.isEmpty()) {
				throw new CliException(ExitCodes.USAGE,
						"Invalid --parameter: give KEY=VALUE, or KEY to take the value of the environment variable KEY");
			}
			String value = (equals < 0) ? context.getenv(key) : parameter.substring(equals + 1);
			if (value == null) {
				throw new CliException(ExitCodes.USAGE, "--parameter " + key + ": the environment variable " + key
						+ " is not set; set it, or give --parameter " + key + "=VALUE");
			}
			if (resolved.putIfAbsent(key, value) != null) {
				throw new CliException(ExitCodes.USAGE, "--parameter " + key + " is given twice");
			}
		}
		return resolved;
	}

}
