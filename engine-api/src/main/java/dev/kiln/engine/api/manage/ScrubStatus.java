package dev.kiln.engine.api.manage;

import java.time.Instant;

/**
 * Progress and findings of the latest scrub.
 *
 * @param state where the scrub is
 * @param started start time, or null if never run
 * @param finished end time, or null while running or never run
 * @param bytesToScan allocated bytes the scrub will read
 * @param bytesScanned bytes read and verified so far
 * @param errors blocks found corrupt
 */
public record ScrubStatus(
    ScrubState state,
    Instant started,
    Instant finished,
    long bytesToScan,
    long bytesScanned,
    long errors) {}
