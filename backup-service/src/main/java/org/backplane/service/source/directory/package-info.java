/**
 * The {@code directory} source: one or more local directories backed up as one tar.gz
 * with file modes, mtimes and symbolic links, and restored into the same directories
 * under a restore policy. See {@code docs/sources-directory.md} for the artifact layout
 * and the link policy.
 */
package org.backplane.service.source.directory;
