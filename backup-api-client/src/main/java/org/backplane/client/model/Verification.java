package org.backplane.client.model;

import java.time.Instant;

/**
 * A backup's last verification.
 *
 * @param at when it started
 * @param depth {@code size} (manifest and sizes) or {@code full} (also every artifact's
 * SHA-256)
 * @param status {@code RUNNING}, {@code PASSED} or {@code FAILED}
 * @param detail what it found, or {@code null} while it runs
 */
public record Verification(Instant at, String depth, String status, String detail) {
}
