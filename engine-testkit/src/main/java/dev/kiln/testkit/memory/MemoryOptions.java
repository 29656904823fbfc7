package dev.kiln.testkit.memory;

import dev.kiln.engine.api.fs.FsLimits;

/**
 * Limits of a MemoryFileSystem, small enough in tests to reach every limit error.
 *
 * @param limits name, size and link limits
 * @param capacityBytes total space for file pages (NoSpaceException beyond it)
 * @param quotaBytes a quota on used space (QuotaExceededException beyond it), 0 for none
 * @param maxInodes most inodes alive at once (NoSpaceException beyond it)
 * @param atimeOnRead whether read updates atime (the atime property)
 */
public record MemoryOptions(
    FsLimits limits, long capacityBytes, long quotaBytes, long maxInodes, boolean atimeOnRead) {

  /** Default limits, 1 GiB of space, no quota, a million inodes, atime on. */
  public static MemoryOptions defaults() {
    return new MemoryOptions(FsLimits.defaults(), 1L << 30, 0, 1 << 20, true);
  }

  /** A copy with other limits. */
  public MemoryOptions withLimits(FsLimits newLimits) {
    return new MemoryOptions(newLimits, capacityBytes, quotaBytes, maxInodes, atimeOnRead);
  }

  /** A copy with another capacity. */
  public MemoryOptions withCapacity(long bytes) {
    return new MemoryOptions(limits, bytes, quotaBytes, maxInodes, atimeOnRead);
  }

  /** A copy with a quota (0 for none). */
  public MemoryOptions withQuota(long bytes) {
    return new MemoryOptions(limits, capacityBytes, bytes, maxInodes, atimeOnRead);
  }

  /** A copy with another inode limit. */
  public MemoryOptions withMaxInodes(long count) {
    return new MemoryOptions(limits, capacityBytes, quotaBytes, count, atimeOnRead);
  }
}
