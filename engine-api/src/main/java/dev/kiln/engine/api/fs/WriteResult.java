package dev.kiln.engine.api.fs;

/**
 * The outcome of a write.
 *
 * @param count bytes written (all of them unless the file system filled up mid-write)
 * @param committed the durability actually reached, at least the level requested
 */
public record WriteResult(int count, WriteStability committed) {}
