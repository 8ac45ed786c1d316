package org.backplane.client.dcos;

/**
 * The answer of a plan command ({@code start}, {@code stop}, {@code continue}, …), as the
 * DC/OS SDK gives it.
 *
 * @param message e.g. {@code Received cmd: start backup-s3}
 */
public record PlanMessage(String message) {
}
