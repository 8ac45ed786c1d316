package org.backplane.client.dcos;

import java.util.List;

/**
 * An error on the DC/OS wire: {@code {"errors": ["..."]}}.
 *
 * @param errors the messages
 */
public record DcosErrors(List<String> errors) {
}
