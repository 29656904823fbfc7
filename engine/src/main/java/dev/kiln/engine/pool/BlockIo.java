package dev.kiln.engine.pool;

import dev.kiln.engine.api.io.StorageDevice;
import dev.kiln.engine.block.BlockChecksum;
import dev.kiln.engine.block.BlockPointer;
import dev.kiln.engine.block.ChecksumMismatchException;
import dev.kiln.engine.block.ChecksumType;
import dev.kiln.engine.block.Compression;
import dev.kiln.engine.block.CompressionCodec;
import dev.kiln.engine.block.CorruptMetadataException;
import dev.kiln.engine.block.EncodedBlock;
import dev.kiln.engine.space.Extent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Device-level block I/O with the verification every read goes through: pointer sanity, checksum of
 * the stored bytes, decompression to exactly the logical size. Failures are counted per device and
 * reported to the alert hook before the exception reaches the caller.
 */
final class BlockIo {

  private static final Logger LOG = LoggerFactory.getLogger(BlockIo.class);

  /** Largest logical block accepted (16 MiB), bounding what a corrupt pointer can make us read. */
  static final int MAX_BLOCK_SIZE = 16 << 20;

  private final String poolName;
  private final List<Vdev> vdevs;
  private final int sectorSize;
  private final PoolAlertHook hook;

  BlockIo(String poolName, List<Vdev> vdevs, int ashift, PoolAlertHook hook) {
    this.poolName = poolName;
    this.vdevs = vdevs;
    this.sectorSize = 1 << ashift;
    this.hook = hook;
  }

  int sectorSize() {
    return sectorSize;
  }

  /** Bytes allocated for a block of {@code physicalSize} stored bytes. */
  long allocatedSize(int physicalSize) {
    long rounded = ((long) physicalSize + sectorSize - 1) / sectorSize * sectorSize;
    return Math.max(sectorSize, rounded);
  }

  /** The extent a pointer occupies. */
  Extent extentOf(BlockPointer bp) {
    return new Extent(bp.vdev(), bp.offset(), allocatedSize(bp.physicalSize()));
  }

  /** Writes an encoded block into its extent, zero-padding to whole sectors. */
  void write(Extent extent, EncodedBlock block) throws IOException {
    ByteBuffer buf;
    ScratchBuffers.Lease lease = null;
    if (block.storedSize() == extent.length()) {
      buf = block.stored().duplicate(); // already whole sectors: no padding copy
    } else {
      // The padding goes into a scratch direct buffer, which the channel writes without a copy.
      lease = ScratchBuffers.lease((int) extent.length());
      buf = lease.buffer();
      buf.put(block.stored().duplicate());
      zero(buf.slice(buf.position(), (int) extent.length() - buf.position()));
      buf.clear().limit((int) extent.length());
    }
    try {
      deviceWrite(extent.vdev(), extent.offset(), buf);
    } finally {
      if (lease != null) {
        lease.release();
      }
    }
  }

  /**
   * The most bytes one device write of {@link #writeAll} gathers: eight uncompressed 16 KiB
   * records. Measured with `kiln bench volume` on ext4 here: 64 KiB to 1 MiB writes all cut the
   * system time of 1 MiB writes of compressible data by half; with incompressible data 1 MiB writes
   * sometimes cost several times the system time of 16 KiB ones (in the page cache copy), 128 KiB
   * did not.
   */
  static final int MAX_GATHER = 128 << 10;

  /**
   * Writes encoded blocks each into its extent; blocks whose extents lie back to back on a device
   * go out in one device write of up to {@value #MAX_GATHER} bytes (one system call instead of one
   * per record), gathered with their sector padding into a scratch direct buffer, which the channel
   * writes without a copy of its own.
   */
  void writeAll(List<Extent> extents, List<EncodedBlock> blocks) throws IOException {
    int i = 0;
    while (i < extents.size()) {
      Extent first = extents.get(i);
      long end = first.offset() + first.length();
      int j = i + 1;
      while (j < extents.size()
          && extents.get(j).vdev() == first.vdev()
          && extents.get(j).offset() == end
          && end + extents.get(j).length() - first.offset() <= MAX_GATHER) {
        end += extents.get(j).length();
        j++;
      }
      if (j == i + 1) {
        write(first, blocks.get(i));
      } else {
        ScratchBuffers.Lease lease = ScratchBuffers.lease((int) (end - first.offset()));
        try {
          ByteBuffer buf = lease.buffer();
          for (int k = i; k < j; k++) {
            int slot = buf.position() + (int) extents.get(k).length();
            buf.put(blocks.get(k).stored().duplicate());
            zero(buf.slice(buf.position(), slot - buf.position()));
            buf.position(slot);
          }
          buf.flip();
          deviceWrite(first.vdev(), first.offset(), buf);
        } finally {
          lease.release();
        }
      }
      i = j;
    }
  }

  private void deviceWrite(int index, long offset, ByteBuffer buf) throws IOException {
    Vdev vdev = vdevs.get(index);
    try {
      vdev.device.write(offset, buf);
    } catch (IOException e) {
      vdev.writeErrors.incrementAndGet();
      alert(
          new PoolAlert.IoError(
              poolName, vdev.index, vdev.device.name(), "write", offset, e.toString()));
      throw e;
    }
  }

  /** Reads, verifies and decompresses a block; never returns bytes that failed verification. */
  byte[] read(BlockPointer bp) throws IOException {
    Vdev vdev = checkPointer(bp);
    ScratchBuffers.Lease lease = ScratchBuffers.lease(bp.physicalSize());
    try {
      ByteBuffer stored = lease.buffer();
      readVerified(vdev, bp, stored);
      byte[] out = new byte[bp.logicalSize()];
      decompressInto(bp, stored, ByteBuffer.wrap(out));
      return out;
    } finally {
      lease.release();
    }
  }

  /**
   * Reads, verifies and decompresses a block into {@code dst} (exactly {@link
   * BlockPointer#logicalSize()} bytes from its position, which advances). An uncompressed block is
   * read straight into {@code dst} and verified there; a compressed one is verified in a scratch
   * buffer and decompressed into {@code dst}. On failure {@code dst}'s position is unchanged and
   * the bytes it would have received are zeros, so nothing unverified is left behind.
   */
  void readInto(BlockPointer bp, ByteBuffer dst) throws IOException {
    Vdev vdev = checkPointer(bp);
    if (dst.remaining() < bp.logicalSize()) {
      throw new IllegalArgumentException(
          "buffer of %d bytes for a block of %d".formatted(dst.remaining(), bp.logicalSize()));
    }
    ByteBuffer target = dst.slice(dst.position(), bp.logicalSize());
    boolean raw = bp.compression() == Compression.OFF.id() && bp.physicalSize() == bp.logicalSize();
    try {
      if (raw) {
        readVerified(vdev, bp, target);
      } else {
        ScratchBuffers.Lease lease = ScratchBuffers.lease(bp.physicalSize());
        try {
          ByteBuffer stored = lease.buffer();
          readVerified(vdev, bp, stored);
          decompressInto(bp, stored, target);
        } finally {
          lease.release();
        }
      }
    } catch (IOException | RuntimeException e) {
      zero(dst.slice(dst.position(), bp.logicalSize()));
      throw e;
    }
    dst.position(dst.position() + bp.logicalSize());
  }

  /** Largest run of adjacent blocks fetched with one device read. */
  static final int MAX_RUN_BYTES = 1 << 20;

  /**
   * Reads blocks like {@link #readInto} each into its target, fetching runs of blocks that lie back
   * to back on a device (a sequentially written file or volume) with one device read of up to
   * {@value #MAX_RUN_BYTES} bytes: one large read costs a device about as much as one small one. A
   * run of uncompressed blocks on a device that takes hints is instead hinted as a whole (the
   * kernel reads it at once) and each block read straight into its target. Every block is still
   * verified on its own. On failure the failing block's target holds zeros and its position has not
   * moved; targets filled before it keep their data.
   */
  void readRunsInto(List<BlockPointer> bps, List<ByteBuffer> targets) throws IOException {
    int i = 0;
    while (i < bps.size()) {
      BlockPointer first = bps.get(i);
      Vdev vdev = checkPointer(first);
      long start = first.offset();
      long end = start + allocatedSize(first.physicalSize());
      int j = i + 1;
      while (j < bps.size()) {
        BlockPointer next = bps.get(j);
        if (next.vdev() != first.vdev() || next.offset() != end) {
          break;
        }
        checkPointer(next);
        long nextEnd = end + allocatedSize(next.physicalSize());
        if (nextEnd - start > MAX_RUN_BYTES) {
          break;
        }
        end = nextEnd;
        j++;
      }
      if (j == i + 1) {
        readInto(first, targets.get(i));
      } else {
        boolean hinted = end - start >= READ_AHEAD_MIN_RUN && readAhead(vdev, end);
        if (allRaw(bps.subList(i, j)) && (hinted || vdev.device.prefetch(start, end - start))) {
          // The kernel fetches the whole run with large device reads (the hint); each block is
          // then read from its page cache straight into its target and verified there, without
          // passing through a scratch buffer and being copied again.
          for (int k = i; k < j; k++) {
            readInto(bps.get(k), targets.get(k));
          }
        } else {
          readRun(vdev, bps.subList(i, j), targets.subList(i, j), start, (int) (end - start));
        }
      }
      i = j;
    }
  }

  /** Whether every block is stored as is (no compression) in whole sectors. */
  private boolean allRaw(List<BlockPointer> bps) {
    for (BlockPointer bp : bps) {
      if (bp.compression() != Compression.OFF.id()
          || bp.physicalSize() != bp.logicalSize()
          || bp.physicalSize() % sectorSize != 0) {
        return false;
      }
    }
    return true;
  }

  /** Runs at least this long are taken for a sequential scan and read ahead of. */
  static final int READ_AHEAD_MIN_RUN = 256 << 10;

  /** How far past a sequential scan's last run the device is read ahead. */
  static final int READ_AHEAD_BYTES = 8 << 20;

  /** Read-aheads (of up to {@value #MAX_RUN_BYTES} each) in flight per pool at most. */
  private final Semaphore readAheads = new Semaphore(8);

  /**
   * Has up to {@value #READ_AHEAD_BYTES} past {@code end} read into the operating system's page
   * cache, so that the next runs of a sequential scan find their blocks there: a file or volume
   * written in order lies in order on the device, and a scan's next blocks follow its last ones.
   * Each call asks only for what no earlier one did. (The kernel's own read-ahead does not help
   * here: reads of several requests and threads interleave on one file, which it takes for random
   * access.) The device is asked first ({@link StorageDevice#prefetch}: the kernel reads without
   * copying anything into this process); a device that takes no hints is read in the background,
   * into nothing, in pieces of up to {@value #MAX_RUN_BYTES} bytes, which costs a copy of every
   * byte. Only a hint either way: nothing read here is used, counted or verified, and failures are
   * ignored. Returns whether the run ending at {@code end} lies in a range hinted before (a
   * sequential scan inside its window), so that it need not be hinted itself.
   */
  private boolean readAhead(Vdev vdev, long end) {
    long hinted = vdev.hintedEnd.get();
    boolean inWindow = hinted >= end && hinted <= end + READ_AHEAD_BYTES;
    if (inWindow && (hinted - end >= READ_AHEAD_BYTES / 2 || hinted >= vdev.geometry.allocEnd())) {
      // Well inside the window hinted last (or nothing is left to hint before the device's end):
      // hints go out in steps of half the window or more, not one per run (each costs a walk of
      // the page cache and a device submission; in a virtual machine, an exit to the host).
      return true;
    }
    long done = vdev.readAheadEnd.get();
    long from = done > end && done < end + READ_AHEAD_BYTES ? done : end;
    long to = Math.min(end + READ_AHEAD_BYTES, vdev.geometry.allocEnd());
    if (to - from >= READ_AHEAD_MIN_RUN && vdev.device.prefetch(from, to - from)) {
      vdev.readAheadEnd.set(to);
      vdev.hintedEnd.set(to);
      return inWindow;
    }
    while (to - from >= READ_AHEAD_MIN_RUN && readAheads.tryAcquire()) {
      long at = from;
      int length = (int) Math.min(MAX_RUN_BYTES, to - from);
      from += length;
      vdev.readAheadEnd.set(from);
      Thread.startVirtualThread(
          () -> {
            ScratchBuffers.Lease lease = ScratchBuffers.lease(length);
            try {
              vdev.device.read(at, lease.buffer().limit(length));
            } catch (IOException | RuntimeException e) {
              // a hint only: the real read reports any error
            } finally {
              lease.release();
              readAheads.release();
            }
          });
    }
    return false;
  }

  private void readRun(
      Vdev vdev, List<BlockPointer> bps, List<ByteBuffer> targets, long start, int length)
      throws IOException {
    for (int k = 0; k < bps.size(); k++) {
      if (targets.get(k).remaining() < bps.get(k).logicalSize()) {
        throw new IllegalArgumentException(
            "buffer of %d bytes for a block of %d"
                .formatted(targets.get(k).remaining(), bps.get(k).logicalSize()));
      }
    }
    ScratchBuffers.Lease lease = ScratchBuffers.lease(length);
    try {
      ByteBuffer run = lease.buffer();
      run.clear().limit(length);
      deviceRead(vdev, start, run);
      for (int k = 0; k < bps.size(); k++) {
        BlockPointer bp = bps.get(k);
        ByteBuffer dst = targets.get(k);
        ByteBuffer target = dst.slice(dst.position(), bp.logicalSize());
        try {
          ByteBuffer stored = run.slice((int) (bp.offset() - start), bp.physicalSize());
          verify(vdev, bp, stored);
          decompressInto(bp, stored, target);
        } catch (IOException | RuntimeException e) {
          zero(target.clear());
          throw e;
        }
        dst.position(dst.position() + bp.logicalSize());
      }
    } finally {
      lease.release();
    }
  }

  /**
   * Reads {@code bp}'s stored bytes into {@code stored} (from position 0, exactly the physical
   * size; flipped on return) and verifies their checksum.
   */
  private void readVerified(Vdev vdev, BlockPointer bp, ByteBuffer stored) throws IOException {
    stored.clear().limit(bp.physicalSize());
    deviceRead(vdev, bp.offset(), stored);
    stored.flip();
    verify(vdev, bp, stored);
  }

  /** Fills {@code dst} from the device at {@code offset}, counting and reporting failures. */
  private void deviceRead(Vdev vdev, long offset, ByteBuffer dst) throws IOException {
    try {
      vdev.device.read(offset, dst);
    } catch (IOException e) {
      vdev.readErrors.incrementAndGet();
      alert(
          new PoolAlert.IoError(
              poolName, vdev.index, vdev.device.name(), "read", offset, e.toString()));
      throw e;
    }
  }

  /** Checks the stored bytes (position to limit) against the pointer's checksum. */
  private void verify(Vdev vdev, BlockPointer bp, ByteBuffer stored)
      throws ChecksumMismatchException {
    long actual = BlockChecksum.of(stored);
    if (actual != bp.checksum()) {
      vdev.checksumErrors.incrementAndGet();
      alert(new PoolAlert.ChecksumError(poolName, vdev.index, vdev.device.name(), bp, actual));
      throw new ChecksumMismatchException(bp, actual);
    }
  }

  /** Decompresses verified stored bytes into exactly {@code target.remaining()} bytes. */
  private static void decompressInto(BlockPointer bp, ByteBuffer stored, ByteBuffer target)
      throws IOException {
    if (stored == target) {
      return;
    }
    CompressionCodec.decompress(Compression.ofId(bp.compression()), stored, target);
  }

  private static final byte[] ZEROS = new byte[64 << 10];

  private static void zero(ByteBuffer b) {
    while (b.hasRemaining()) {
      b.put(ZEROS, 0, Math.min(ZEROS.length, b.remaining()));
    }
  }

  /** Rejects pointers that cannot be valid before touching a device. */
  private Vdev checkPointer(BlockPointer bp) throws CorruptMetadataException {
    if (bp.vdev() < 0 || bp.vdev() >= vdevs.size()) {
      throw new CorruptMetadataException(
          "block pointer names vdev %d of %d".formatted(bp.vdev(), vdevs.size()));
    }
    Vdev vdev = vdevs.get(bp.vdev());
    if (bp.physicalSize() < 0
        || bp.logicalSize() < 0
        || bp.logicalSize() > MAX_BLOCK_SIZE
        || bp.physicalSize() > bp.logicalSize()
        || bp.offset() % sectorSize != 0
        || bp.offset() < vdev.geometry.allocStart()
        || bp.offset() + allocatedSize(bp.physicalSize()) > vdev.geometry.allocEnd()) {
      throw new CorruptMetadataException("block pointer is invalid: " + bp);
    }
    try {
      ChecksumType.ofId(bp.checksumType());
      Compression.ofId(bp.compression());
    } catch (IllegalArgumentException e) {
      throw new CorruptMetadataException("block pointer is invalid: " + e.getMessage(), e);
    }
    return vdev;
  }

  void alert(PoolAlert alert) {
    try {
      hook.alert(alert);
    } catch (RuntimeException e) {
      LOG.warn("alert hook failed on {}", alert, e);
    }
  }

  String poolName() {
    return poolName;
  }

  List<Vdev> vdevs() {
    return vdevs;
  }
}
