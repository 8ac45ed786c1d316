package org.backplane.client.dcos;

/**
 * What a plan command ({@code stop}, {@code continue}, …) did.
 *
 * @param changed {@code false} when the service answered 208: nothing to do
 * @param message the service's message
 */
public record PlanCommandResult(boolean changed, String message) {
}
