package dev.kiln.engine.fs;

import dev.kiln.engine.block.Compression;
import dev.kiln.engine.block.EncodedBlock;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The whole records of a write, encoded before the writer takes the dataset's lock: compression and
 * checksums then run on every core at once, and the lock is held only to allocate, write and link
 * the blocks. Partial records still need the old record and are encoded under the lock. A
 * preparation made for another record size or compression than the one in force under the lock is
 * ignored (the write encodes again).
 *
 * @param compression the compression the blocks were encoded with
 * @param recordSize the record size the write was split by
 * @param blocks encoded whole records by record start
 * @param zeros starts of whole records that are all zeros (holes when compression is on)
 */
public record PreparedWrite(
    Compression compression, int recordSize, Map<Long, EncodedBlock> blocks, Set<Long> zeros) {

  /** Nothing prepared: every record is encoded under the lock. */
  public static final PreparedWrite NONE =
      new PreparedWrite(Compression.OFF, 0, Map.of(), Set.of());

  /**
   * Encodes the whole records of writing {@code data[from, from+length)} at {@code offset} in
   * records of {@code recordSize} bytes. The bytes must not change until the write is done.
   */
  public static PreparedWrite of(
      Compression compression, int recordSize, long offset, byte[] data, int from, int length) {
    Map<Long, EncodedBlock> blocks = new HashMap<>();
    Set<Long> zeros = new HashSet<>();
    long pos = offset;
    int done = 0;
    while (done < length) {
      long start = pos & -(long) recordSize;
      int in = (int) (pos - start);
      int n = Math.min(recordSize - in, length - done);
      if (in == 0 && n == recordSize) {
        ByteBuffer block = ByteBuffer.wrap(data, from + done, n);
        if (compression != Compression.OFF && TreeChanges.isZero(block)) {
          zeros.add(start);
        } else {
          blocks.put(start, EncodedBlock.encode(block, compression));
        }
      }
      pos += n;
      done += n;
    }
    return new PreparedWrite(compression, recordSize, blocks, zeros);
  }

  /** Whether this preparation applies to a write in records of that size and compression. */
  boolean appliesTo(int size, Compression used) {
    return recordSize == size && compression == used;
  }
}
