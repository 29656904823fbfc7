package dev.kiln.engine.fs;

import dev.kiln.engine.block.BlockPointer;
import dev.kiln.engine.block.BlockStore;
import dev.kiln.engine.block.Compression;
import dev.kiln.engine.objset.ObjectSetContext;
import dev.kiln.engine.objset.ObjectSetSettings;
import dev.kiln.engine.tree.BPlusTree;
import dev.kiln.engine.tree.TreeOptions;
import dev.kiln.engine.tree.TreeSnapshot;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An in-memory {@link ObjectSetContext} for object-layer tests: a {@link TestBlockStore}, a tree, a
 * {@link RecordingIntentLog}, and txg sync as {@code tree.sync(txg)} followed by reopening the head
 * from the committed root (so every sync proves the state persists). {@link #crash()} drops
 * everything not synced.
 */
public final class TestObjectSet implements ObjectSetContext {

  private final TestBlockStore store = new TestBlockStore();
  private final ReentrantLock lock = new ReentrantLock();
  private final TreeOptions options;
  private final Clock clock;
  private final long guid;
  private final long capacity;
  private long limit;
  private ObjectSetSettings settings;
  private RecordingIntentLog log = new RecordingIntentLog();
  private BPlusTree tree;
  private long txg = 1;
  private long syncedTxg;
  private BlockPointer committedRoot;

  /** An empty object set with default tree options and settings. */
  public TestObjectSet(Clock clock) {
    this(clock, TreeOptions.defaults(), ObjectSetSettings.defaults());
  }

  /** An empty object set with the given tree options and settings. */
  public TestObjectSet(Clock clock, TreeOptions options, ObjectSetSettings settings) {
    this.clock = clock;
    this.options = options;
    this.settings = settings;
    this.guid = 0x7e57_0000_0000_0000L + System.identityHashCode(this);
    this.capacity = 1L << 34;
    this.tree = BPlusTree.create(store, options, store::free);
  }

  /** Settings with another sync mode, compression or read-only flag. */
  public void settings(ObjectSetSettings newSettings) {
    this.settings = newSettings;
  }

  /** Syncs the open txg and reopens the head from the new committed root; returns the txg. */
  public long sync() throws IOException {
    lock.lock();
    try {
      committedRoot = tree.sync(txg);
      tree = BPlusTree.open(store, committedRoot, options, store::free);
      store.synced();
      syncedTxg = txg;
      txg++;
      return syncedTxg;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void syncNow() throws IOException {
    sync();
  }

  /** Syncs, then keeps every block of the committed root alive for a snapshot of it. */
  public TreeSnapshot snapshot() throws IOException {
    sync();
    store.holdSnapshot(syncedTxg);
    return TreeSnapshot.open(store, committedRoot, options);
  }

  /**
   * Simulates power loss: the head goes back to the last committed root, unsynced frees never
   * happened, and the log keeps only what was committed. Returns the surviving records.
   */
  public java.util.List<byte[]> crash() {
    lock.lock();
    try {
      tree =
          committedRoot == null
              ? BPlusTree.create(store, options, store::free)
              : BPlusTree.open(store, committedRoot, options, store::free);
      store.dropPendingFrees();
      java.util.List<byte[]> survivors = log.durableRecords();
      log = new RecordingIntentLog();
      return survivors;
    } finally {
      lock.unlock();
    }
  }

  /** The last synced txg (0 before the first sync). */
  public long syncedTxg() {
    return syncedTxg;
  }

  /** The test store, for corruption and accounting checks. */
  public TestBlockStore testStore() {
    return store;
  }

  /** The recording log. */
  public RecordingIntentLog log() {
    return log;
  }

  /** Default settings with another sync mode. */
  public static ObjectSetSettings settings(ObjectSetSettings.SyncMode sync, int recordSize) {
    return new ObjectSetSettings(Compression.LZ4, recordSize, 16 * 1024, true, sync, false);
  }

  @Override
  public long guid() {
    return guid;
  }

  @Override
  public BlockStore store() {
    return store;
  }

  @Override
  public BPlusTree tree() {
    return tree;
  }

  @Override
  public Lock lock() {
    return lock;
  }

  @Override
  public long openTxg() {
    return txg;
  }

  @Override
  public ObjectSetSettings settings() {
    return settings;
  }

  @Override
  public RecordingIntentLog intentLog() {
    return log;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  /** Limits the space of this object set to {@code bytes}, as a quota or as a small pool. */
  public void limit(long bytes, boolean quota) {
    limit = bytes;
    store.limit(bytes, quota);
  }

  @Override
  public long availableBytes() {
    return Math.max(0, (limit > 0 ? limit : capacity) - store.chargedBytes());
  }

  @Override
  public long referencedBytes() {
    return store.chargedBytes();
  }
}
