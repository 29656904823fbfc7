package dev.kiln.engine.api.fs;

/**
 * A named stream of an inode (SMB FileStreamInformation).
 *
 * @param name the stream name, without the leading colon or the {@code :$DATA} suffix
 * @param inode the stream's own inode number, usable with read, write, truncate and getattr
 * @param size logical size in bytes
 * @param allocatedSize bytes used on disk
 */
public record StreamInfo(String name, long inode, long size, long allocatedSize) {}
