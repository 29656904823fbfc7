package dev.kiln.engine.dataset;

import dev.kiln.engine.api.error.NoSpaceException;
import dev.kiln.engine.api.error.QuotaExceededException;
import dev.kiln.engine.block.BlockPointer;
import dev.kiln.engine.block.BlockStore;
import dev.kiln.engine.block.Compression;
import dev.kiln.engine.block.EncodedBlock;
import dev.kiln.engine.space.OutOfSpaceException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A dataset's view of the pool's block store: writes are checked against quotas and charged to the
 * dataset; frees follow the birth-txg rule of {@link DatasetHead#release}.
 */
final class DatasetBlockStore implements BlockStore {

  private final DatasetHead head;
  private final BlockStore pool;

  DatasetBlockStore(DatasetHead head, BlockStore pool) {
    this.head = head;
    this.pool = pool;
  }

  @Override
  public BlockPointer write(ByteBuffer data, Compression compression, long txg) throws IOException {
    checkRoom(data.remaining());
    BlockPointer bp;
    try {
      bp = pool.write(data, compression, txg);
    } catch (OutOfSpaceException e) {
      throw new NoSpaceException("pool is full: " + e.getMessage(), e);
    }
    head.born(bp);
    return bp;
  }

  @Override
  public BlockPointer write(EncodedBlock block, long txg) throws IOException {
    checkRoom(block.logicalSize());
    BlockPointer bp;
    try {
      bp = pool.write(block, txg);
    } catch (OutOfSpaceException e) {
      throw new NoSpaceException("pool is full: " + e.getMessage(), e);
    }
    head.born(bp);
    return bp;
  }

  @Override
  public List<BlockPointer> writeAll(List<EncodedBlock> blocks, long txg) throws IOException {
    int bytes = 0;
    for (EncodedBlock b : blocks) {
      bytes = Math.addExact(bytes, b.logicalSize());
    }
    checkRoom(bytes);
    List<BlockPointer> written;
    try {
      written = pool.writeAll(blocks, txg);
    } catch (OutOfSpaceException e) {
      throw new NoSpaceException("pool is full: " + e.getMessage(), e);
    }
    for (BlockPointer bp : written) {
      head.born(bp);
    }
    return written;
  }

  /** Refuses a block of {@code bytes} that the quota, reservation or pool cannot take. */
  private void checkRoom(int bytes) throws IOException {
    if (head.destroyed) {
      throw new IOException("dataset " + head.name + " was destroyed");
    }
    if (!head.syncing && !head.storingReserved) {
      String refused = head.owner.quotaProblem(head, bytes);
      if (refused != null) {
        throw new QuotaExceededException(refused);
      }
      String full = head.owner.reservationProblem(head, bytes);
      if (full != null) {
        throw new NoSpaceException(full);
      }
    }
  }

  @Override
  public ByteBuffer read(BlockPointer pointer) throws IOException {
    return pool.read(pointer);
  }

  @Override
  public void readInto(BlockPointer pointer, ByteBuffer dst) throws IOException {
    pool.readInto(pointer, dst);
  }

  @Override
  public void readAllInto(List<BlockPointer> pointers, List<ByteBuffer> targets)
      throws IOException {
    pool.readAllInto(pointers, targets);
  }

  @Override
  public void free(BlockPointer pointer, long txg) throws IOException {
    head.release(pointer, txg);
  }
}
