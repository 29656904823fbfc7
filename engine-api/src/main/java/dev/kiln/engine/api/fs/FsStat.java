package dev.kiln.engine.api.fs;

/**
 * File system capacity, as seen by the caller (quota-aware: with a quota, total is the quota).
 *
 * @param totalBytes size of the file system in bytes
 * @param freeBytes bytes not in use
 * @param availableBytes bytes an unprivileged writer can still use (never more than free)
 * @param totalFiles maximum number of inodes
 * @param freeFiles inodes not in use
 * @param availableFiles inodes an unprivileged writer can still create
 */
public record FsStat(
    long totalBytes,
    long freeBytes,
    long availableBytes,
    long totalFiles,
    long freeFiles,
    long availableFiles) {}
