/**
 * The {@code file} storage adapter: objects are files under a local (or mounted)
 * directory, written through a hidden temporary area and published atomically without
 * ever replacing an existing file.
 */
package org.backplane.service.storage.file;
