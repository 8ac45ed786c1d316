package org.backplane.client.dcos;

/**
 * A component's status on the DC/OS wire: {@code {"status": "STATUS_READY"}}.
 *
 * @param status the status name
 */
public record DcosComponentStatus(String status) {
}
