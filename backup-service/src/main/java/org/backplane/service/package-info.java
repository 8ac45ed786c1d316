/**
 * Backplane: a backup control plane. Features live in their own packages ({@code backup},
 * {@code restore}, {@code storage}, {@code source}, {@code web}); {@code support} holds
 * the few shared helpers.
 */
package org.backplane.service;
