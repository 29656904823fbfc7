package dev.kiln.engine.api.fs;

/**
 * One name in a directory listing.
 *
 * @param name the entry name
 * @param inode the inode number it refers to
 * @param type the inode's type (so SMB and NFS need no getattr per entry for the type)
 * @param cookie pass this to readdir to resume after this entry; always greater than 2
 */
public record DirectoryEntry(String name, long inode, FileType type, long cookie) {}
