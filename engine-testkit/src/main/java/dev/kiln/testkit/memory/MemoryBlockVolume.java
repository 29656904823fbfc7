package dev.kiln.testkit.memory;

import dev.kiln.engine.api.block.BlockVolume;
import dev.kiln.engine.api.block.ProvisioningRun;
import dev.kiln.engine.api.block.VolumeIdentity;
import dev.kiln.engine.api.error.EngineException;
import dev.kiln.engine.api.error.InvalidArgumentException;
import dev.kiln.engine.api.error.ReadOnlyFileSystemException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * The reference BlockVolume: a sparse map of written blocks; unmapped blocks read as zeros and
 * all-zero WRITE SAME unmaps. {@link #snapshot()} gives a read-only copy.
 */
public final class MemoryBlockVolume implements BlockVolume {

  private final VolumeIdentity identity;
  private final int blockSize;
  private final long blockCount;
  private final boolean readOnly;
  private final Map<Long, byte[]> blocks;
  private long flushes;

  /** A writable volume of {@code blockCount} blocks of {@code blockSize} (512 or 4096) bytes. */
  public MemoryBlockVolume(VolumeIdentity identity, int blockSize, long blockCount) {
    if (blockSize != 512 && blockSize != 4096) {
      throw new IllegalArgumentException("logical block size must be 512 or 4096: " + blockSize);
    }
    if (blockCount < 1) {
      throw new IllegalArgumentException("a volume needs at least one block");
    }
    this.identity = identity;
    this.blockSize = blockSize;
    this.blockCount = blockCount;
    this.readOnly = false;
    this.blocks = new HashMap<>();
  }

  private MemoryBlockVolume(MemoryBlockVolume source) {
    this.identity = new VolumeIdentity(source.identity.guid() + 1, source.identity.serial());
    this.blockSize = source.blockSize;
    this.blockCount = source.blockCount;
    this.readOnly = true;
    this.blocks = new HashMap<>();
    source.blocks.forEach((k, v) -> blocks.put(k, v.clone()));
  }

  /** A read-only copy of the current contents. */
  public synchronized MemoryBlockVolume snapshot() {
    return new MemoryBlockVolume(this);
  }

  /** Blocks currently holding data (not unmapped), for thin-provisioning checks. */
  public synchronized long mappedBlocks() {
    return blocks.size();
  }

  /** How many times flush was called. */
  public synchronized long flushCount() {
    return flushes;
  }

  @Override
  public VolumeIdentity identity() {
    return identity;
  }

  @Override
  public int logicalBlockSize() {
    return blockSize;
  }

  @Override
  public long blockCount() {
    return blockCount;
  }

  @Override
  public boolean readOnly() {
    return readOnly;
  }

  @Override
  public synchronized void read(long lba, ByteBuffer dst) throws EngineException {
    long count = blocksIn(dst);
    checkRange(lba, count);
    for (long i = 0; i < count; i++) {
      byte[] b = blocks.get(lba + i);
      if (b == null) {
        dst.put(new byte[blockSize]);
      } else {
        dst.put(b);
      }
    }
  }

  @Override
  public synchronized void write(long lba, ByteBuffer src, boolean fua) throws EngineException {
    writable();
    long count = blocksIn(src);
    checkRange(lba, count);
    for (long i = 0; i < count; i++) {
      byte[] b = new byte[blockSize];
      src.get(b);
      blocks.put(lba + i, b);
    }
  }

  @Override
  public synchronized void flush() throws EngineException {
    writable();
    flushes++;
  }

  @Override
  public synchronized void unmap(long lba, long count) throws EngineException {
    writable();
    checkRange(lba, count);
    for (long i = 0; i < count; i++) {
      blocks.remove(lba + i);
    }
  }

  @Override
  public synchronized ProvisioningRun provisioning(long lba, long maxBlocks)
      throws EngineException {
    checkRange(lba, 1);
    boolean mapped = blocks.containsKey(lba);
    long n = 1;
    long limit = Math.min(maxBlocks, blockCount - lba);
    while (n < limit && blocks.containsKey(lba + n) == mapped) {
      n++;
    }
    return new ProvisioningRun(n, mapped);
  }

  @Override
  public synchronized void writeSame(long lba, long count, ByteBuffer block)
      throws EngineException {
    writable();
    if (block.remaining() != blockSize) {
      throw new InvalidArgumentException("WRITE SAME takes exactly one block of data");
    }
    checkRange(lba, count);
    byte[] b = new byte[blockSize];
    block.get(b);
    boolean zero = true;
    for (byte x : b) {
      zero &= x == 0;
    }
    for (long i = 0; i < count; i++) {
      if (zero) {
        blocks.remove(lba + i);
      } else {
        blocks.put(lba + i, b.clone());
      }
    }
  }

  private void writable() throws ReadOnlyFileSystemException {
    if (readOnly) {
      throw new ReadOnlyFileSystemException("volume " + identity.serial() + " is read-only");
    }
  }

  private long blocksIn(ByteBuffer buffer) throws InvalidArgumentException {
    if (buffer.remaining() % blockSize != 0) {
      throw new InvalidArgumentException(
          "buffer of %d bytes is not whole %d-byte blocks"
              .formatted(buffer.remaining(), blockSize));
    }
    return buffer.remaining() / blockSize;
  }

  private void checkRange(long lba, long count) throws InvalidArgumentException {
    if (lba < 0 || count < 0 || lba > blockCount - count) {
      throw new InvalidArgumentException(
          "blocks %d+%d outside the volume of %d blocks".formatted(lba, count, blockCount));
    }
  }
}
