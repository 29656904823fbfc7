package dev.kiln.engine.api.block;

import dev.kiln.engine.api.error.NotSupportedException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A block device backed by a volume dataset, as iSCSI (and later NVMe-oF) exports it.
 *
 * <p>Addresses are logical block addresses; every buffer holds a whole number of blocks. A range
 * past {@link #blockCount()} or a partial block is an InvalidArgumentException (SCSI LBA OUT OF
 * RANGE / INVALID FIELD IN CDB, decided by the front end from the message-free status). Writes are
 * volatile until {@link #flush()} unless written with FUA. Unmapped and never-written blocks read
 * as zeros. A read-only volume (a snapshot) throws ReadOnlyFileSystemException on every change.
 */
public interface BlockVolume {

  /** Identity for the LUN (guid and serial). */
  VolumeIdentity identity();

  /** Logical block size in bytes: 512 or 4096. */
  int logicalBlockSize();

  /** Number of logical blocks. */
  long blockCount();

  /** Size in bytes. */
  default long sizeBytes() {
    return logicalBlockSize() * blockCount();
  }

  /** True when every write, unmap and flush throws ReadOnlyFileSystemException. */
  boolean readOnly();

  /** Reads {@code dst.remaining() / logicalBlockSize()} blocks starting at {@code lba}. */
  void read(long lba, ByteBuffer dst) throws IOException;

  /**
   * Writes {@code src.remaining() / logicalBlockSize()} blocks starting at {@code lba}; with {@code
   * fua} (force unit access) it returns only once the blocks are durable.
   */
  void write(long lba, ByteBuffer src, boolean fua) throws IOException;

  /** Makes every completed write durable (SCSI SYNCHRONIZE CACHE). */
  void flush() throws IOException;

  /** Deallocates {@code count} blocks from {@code lba}; they then read as zeros (SCSI UNMAP). */
  void unmap(long lba, long count) throws IOException;

  /**
   * Writes one block's content to {@code count} blocks (SCSI WRITE SAME); an all-zero block may be
   * stored as unmapped.
   */
  default void writeSame(long lba, long count, ByteBuffer block) throws IOException {
    throw new NotSupportedException("writeSame is not supported by " + getClass().getSimpleName());
  }

  /**
   * The run of blocks starting at {@code lba} (inside the volume) that share one provisioning
   * state, at most {@code maxBlocks} (at least one) long; a volume may end a run early, and the
   * caller asks again from where it ended. The default reports every block mapped, which a volume
   * that deallocates on {@link #unmap} must override.
   */
  default ProvisioningRun provisioning(long lba, long maxBlocks) throws IOException {
    return new ProvisioningRun(Math.max(1, Math.min(maxBlocks, blockCount() - lba)), true);
  }
}
