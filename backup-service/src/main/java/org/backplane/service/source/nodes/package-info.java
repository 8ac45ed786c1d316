/**
 * The {@code nodes} source: the snapshot folders of a data service's nodes (Cassandra and
 * others run by the DC/OS SDK), each backed up and restored on its own with hooks around
 * each node's step. See {@code docs/plans.md}.
 */
package org.backplane.service.source.nodes;
