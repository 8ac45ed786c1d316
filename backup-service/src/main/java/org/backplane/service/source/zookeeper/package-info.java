/**
 * The {@code zookeeper} source type: online backup and restore of a ZooKeeper subtree
 * (for example Marathon's state under {@code /marathon}) through the
 * {@code backplane-zookeeper} engine. The only package of the service that uses Curator
 * and ZooKeeper.
 */
package org.backplane.service.source.zookeeper;
