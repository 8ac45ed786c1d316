package org.backplane.client.dcos;

/**
 * Body of DC/OS {@code POST restore} and {@code DELETE delete}.
 *
 * @param id a backup's id
 */
public record DcosIdRequest(String id) {
}
