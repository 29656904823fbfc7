package dev.kiln.smb.state;

/**
 * Identifies a file across all connections: file system guid and inode.
 *
 * @param fsGuid the dataset or snapshot guid
 * @param inode the inode number
 */
public record FileKey(long fsGuid, long inode) {}
