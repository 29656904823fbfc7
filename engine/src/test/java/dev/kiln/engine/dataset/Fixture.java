package dev.kiln.engine.dataset;

import dev.kiln.engine.api.io.StorageDevice;
import dev.kiln.engine.api.manage.PropertyMap;
import dev.kiln.engine.block.BlockPointer;
import dev.kiln.engine.block.Compression;
import dev.kiln.engine.pool.Pool;
import dev.kiln.engine.pool.PoolCreator;
import dev.kiln.engine.pool.PoolImporter;
import dev.kiln.engine.space.SpaceMapLog;
import dev.kiln.engine.tree.TreeKey;
import dev.kiln.testkit.ManualClock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * A tiny object layer for tests: item type 7 entries hold a data block pointer (a "file" of one
 * block), item type 1 entries hold small inline values. Recovered log records are "put key value"
 * commands.
 */
final class Fixture {

  static final int DATA = 7;
  static final int INLINE = 1;
  static final int DEVICE_SIZE = 48 << 20;

  static final ObjectLayout LAYOUT =
      (entry, sink) -> {
        if (entry.key().itemTypeUnsigned() == DATA) {
          sink.accept(BlockPointer.readFrom(ByteBuffer.wrap(entry.value())));
        }
      };

  /** Replays "objectId:offset:value" records as inline entries. */
  static final LogReplayer REPLAYER =
      (head, record) -> {
        ByteBuffer b = ByteBuffer.wrap(record);
        long object = b.getLong();
        long offset = b.getLong();
        byte[] value = new byte[b.remaining()];
        b.get(value);
        head.lock().lock();
        try {
          head.tree().put(TreeKey.of(object, INLINE, offset), stored(value));
        } finally {
          head.lock().unlock();
        }
      };

  /** What the tree holds for a logged value: itself, or a digest when too large for an item. */
  static byte[] stored(byte[] value) {
    if (value.length <= 2000) {
      return value;
    }
    return ByteBuffer.allocate(12).putInt(value.length).putLong(Arrays.hashCode(value)).array();
  }

  static final ManualClock CLOCK = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

  private Fixture() {}

  static DatasetPoolOptions options(long seed) {
    return new DatasetPoolOptions(CLOCK, LAYOUT, LAYOUT, REPLAYER, new Random(seed));
  }

  static DatasetPool create(StorageDevice device, long seed) throws IOException {
    Pool pool =
        PoolCreator.named("tank")
            .device(device)
            .random(new Random(seed))
            .cacheBytes(1 << 20)
            .create();
    return DatasetPool.create(pool, List.of(device), options(seed), PropertyMap.empty());
  }

  static DatasetPool open(StorageDevice device, long seed) throws IOException {
    Pool pool = PoolImporter.on(List.of(device)).cacheBytes(1 << 20).importPool("tank");
    return DatasetPool.open(pool, List.of(device), options(seed));
  }

  static byte[] logRecord(long object, long offset, byte[] value) {
    return ByteBuffer.allocate(16 + value.length)
        .putLong(object)
        .putLong(offset)
        .put(value)
        .array();
  }

  /** Writes (or overwrites) the one-block file {@code object} with {@code data}. */
  static void writeFile(DatasetHead head, long object, byte[] data) throws IOException {
    head.lock().lock();
    try {
      long txg = head.openTxg();
      TreeKey key = TreeKey.of(object, DATA, 0);
      Optional<byte[]> old = head.tree().get(key);
      BlockPointer bp = head.store().write(ByteBuffer.wrap(data), Compression.LZ4, txg);
      if (old.isPresent()) {
        head.store().free(BlockPointer.readFrom(ByteBuffer.wrap(old.get())), txg);
      }
      ByteBuffer v = ByteBuffer.allocate(BlockPointer.SIZE);
      bp.writeTo(v);
      head.tree().put(key, v.array());
    } finally {
      head.lock().unlock();
    }
  }

  /** Deletes file {@code object}; returns whether it existed. */
  static boolean deleteFile(DatasetHead head, long object) throws IOException {
    head.lock().lock();
    try {
      TreeKey key = TreeKey.of(object, DATA, 0);
      Optional<byte[]> old = head.tree().get(key);
      if (old.isEmpty()) {
        return false;
      }
      head.store().free(BlockPointer.readFrom(ByteBuffer.wrap(old.get())), head.openTxg());
      head.tree().delete(key);
      return true;
    } finally {
      head.lock().unlock();
    }
  }

  static Optional<byte[]> readFile(DatasetHead head, long object) throws IOException {
    head.lock().lock();
    try {
      Optional<byte[]> v = head.tree().get(TreeKey.of(object, DATA, 0));
      if (v.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(bytes(head.store().read(BlockPointer.readFrom(ByteBuffer.wrap(v.get())))));
    } finally {
      head.lock().unlock();
    }
  }

  static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  static byte[] data(Random r, int size) {
    byte[] b = new byte[size];
    // Half random, half zeros: compressible but not trivially.
    for (int i = 0; i < size / 2; i++) {
      b[i] = (byte) r.nextInt();
    }
    return b;
  }

  /**
   * Bytes the allocator holds minus what the dataset layer and the pool's space maps reference:
   * zero when nothing leaked (a double free fails in the allocator itself).
   */
  static long unaccountedBytes(DatasetPool dp) throws IOException {
    Pool pool = dp.pool();
    Set<BlockPointer> blocks = dp.allocatedBlocks();
    long referenced = 0;
    for (BlockPointer bp : blocks) {
      referenced += ByteCount.of(bp, pool.ashift()).allocated();
    }
    BlockPointer head = pool.committedUberblock().spaceMapHead();
    if (head != null) {
      referenced += ByteCount.of(head, pool.ashift()).allocated();
      List<BlockPointer> logs =
          new ArrayList<>(SpaceMapLog.decodeHead(pool.blockStore().read(head)).logBlocks());
      for (BlockPointer bp : logs) {
        referenced += ByteCount.of(bp, pool.ashift()).allocated();
      }
    }
    return pool.space().allocatedBytes() - referenced;
  }
}
