package dev.kiln.daemon.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.api.error.CorruptDataException;
import dev.kiln.engine.api.fs.FileSystem;
import dev.kiln.engine.api.fs.SetAttributes;
import dev.kiln.engine.api.fs.WriteStability;
import dev.kiln.engine.api.manage.DatasetType;
import dev.kiln.engine.api.manage.EngineOptions;
import dev.kiln.engine.api.manage.Pool;
import dev.kiln.engine.api.manage.PropertyMap;
import dev.kiln.engine.api.manage.ScrubState;
import dev.kiln.engine.api.manage.ScrubStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bit rot on the pool's own file, end to end: after random bits of the written region flip, every
 * read returns either the right bytes or a corruption error (never wrong data), and scrub finds the
 * damage.
 */
class CorruptionIT {

  private static final int FILES = 40;
  private static final int SIZE = 96 * 1024;

  @TempDir Path dataDir;

  private static ByteBuffer content(int i) {
    byte[] b = new byte[SIZE];
    new SplittableRandom(i).nextBytes(b);
    return ByteBuffer.wrap(b);
  }

  private PoolSet open() throws IOException {
    return PoolSet.open(dataDir, new EngineOptions(Clock.systemUTC(), 1L << 20, Duration.ZERO));
  }

  /** A pool file holding FILES files of known content, uncompressed so they can be found. */
  private Path writeFiles() throws Exception {
    try (PoolSet pools = open()) {
      pools.createPool("rot", List.of(), 256L << 20, Map.of());
      pools
          .engine()
          .createDataset(
              "rot/data",
              DatasetType.FILESYSTEM,
              PropertyMap.empty().withText("compression", "off"));
      FileSystem fs = pools.engine().dataset("rot/data").fileSystem();
      for (int i = 0; i < FILES; i++) {
        long ino = fs.create(fs.rootInode(), "f" + i, SetAttributes.none()).inode();
        fs.write(ino, 0, content(i), WriteStability.UNSTABLE);
      }
    }
    return dataDir.resolve("pools/rot.img");
  }

  @Test
  void flippedBitsAreReportedNeverServed() throws Exception {
    Path image = writeFiles();
    flipBits(image, 60, dataBlocks(image));

    try (PoolSet pools = open()) {
      FileSystem fs = pools.engine().dataset("rot/data").fileSystem();
      int good = 0;
      int refused = 0;
      for (int i = 0; i < FILES; i++) {
        try {
          long ino = fs.lookup(fs.rootInode(), "f" + i).inode();
          ByteBuffer got = ByteBuffer.allocate(SIZE);
          fs.read(ino, 0, got);
          assertThat(got.flip()).as("file f%d must be right or refused", i).isEqualTo(content(i));
          good++;
        } catch (CorruptDataException e) {
          refused++;
        }
      }
      assertThat(refused).as("some of 300 flipped bits must land in file data").isPositive();
      Pool pool = pools.engine().pool("rot");
      pool.startScrub();
      ScrubStatus st = pool.scrubStatus();
      while (st.state() == ScrubState.RUNNING) {
        Thread.onSpinWait();
        st = pool.scrubStatus();
      }
      assertThat(st.errors())
          .as("scrub reports the damage (%d good, %d refused)", good, refused)
          .isPositive();
      assertThat(pool.devices().getFirst().checksumErrors()).isPositive();
    }
  }

  @Test
  void flippedBitsAnywhereNeverYieldWrongData() throws Exception {
    Path image = writeFiles();
    flipBits(image, 300, writtenBlocks(image));
    PoolSet pools;
    try {
      pools = open();
    } catch (IOException e) {
      // Damage to the pool's own metadata may refuse the import: clearly, never with wrong data.
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    try (pools) {
      FileSystem fs;
      try {
        fs = pools.engine().dataset("rot/data").fileSystem();
      } catch (CorruptDataException e) {
        return; // the dataset's own tree is damaged and refused as a whole
      }
      for (int i = 0; i < FILES; i++) {
        try {
          long ino = fs.lookup(fs.rootInode(), "f" + i).inode();
          ByteBuffer got = ByteBuffer.allocate(SIZE);
          fs.read(ino, 0, got);
          assertThat(got.flip()).as("file f%d must be right or refused", i).isEqualTo(content(i));
        } catch (CorruptDataException e) {
          assertThat(e.getMessage()).isNotBlank();
        }
      }
    }
  }

  /** The 4 KiB blocks that hold the files' data (compression is off, so contents are findable). */
  private static List<Long> dataBlocks(Path image) throws IOException {
    java.util.Set<ByteBuffer> heads = new java.util.HashSet<>();
    for (int i = 0; i < FILES; i++) {
      ByteBuffer c = content(i);
      for (int off = 0; off + 64 <= SIZE; off += 4096) {
        heads.add(c.slice(off, 64));
      }
    }
    List<Long> out = new ArrayList<>();
    try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
      ByteBuffer head = ByteBuffer.allocate(64);
      for (long off = 0; off < ch.size(); off += 4096) {
        head.clear();
        ch.read(head, off);
        if (heads.contains(head.flip())) {
          out.add(off);
        }
      }
    }
    assertThat(out).as("file data blocks found in the image").hasSizeGreaterThan(FILES);
    return out;
  }

  /** Every 4 KiB block with something written in it, labels excluded. */
  private static List<Long> writtenBlocks(Path image) throws IOException {
    try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
      List<Long> written = new ArrayList<>();
      ByteBuffer block = ByteBuffer.allocate(4096);
      long labels = 1L << 20;
      for (long off = labels; off < ch.size() - labels; off += 4096) {
        block.clear();
        ch.read(block, off);
        block.flip();
        boolean zero = true;
        while (block.hasRemaining() && zero) {
          zero = block.get() == 0;
        }
        if (!zero) {
          written.add(off);
        }
      }
      assertThat(written).isNotEmpty();
      return written;
    }
  }

  /** Flips {@code count} random bits inside the given 4 KiB blocks. */
  private static void flipBits(Path image, int count, List<Long> written) throws IOException {
    try (FileChannel ch =
        FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      SplittableRandom r = new SplittableRandom(7);
      ByteBuffer one = ByteBuffer.allocate(1);
      for (int i = 0; i < count; i++) {
        long off = written.get(r.nextInt(written.size())) + r.nextInt(4096);
        one.clear();
        ch.read(one, off);
        byte b = (byte) (one.get(0) ^ (1 << r.nextInt(8)));
        ch.write(ByteBuffer.wrap(new byte[] {b}), off);
      }
      ch.force(true);
    }
  }
}
