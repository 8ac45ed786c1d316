package org.backplane.client.dcos;

/**
 * Body of DC/OS {@code POST create}.
 *
 * @param label the backup's label
 */
public record DcosCreateRequest(String label) {
}
