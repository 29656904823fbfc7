package dev.kiln.engine.objset;

import dev.kiln.engine.block.BlockStore;
import dev.kiln.engine.tree.BPlusTree;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;

/**
 * What a file system or volume needs from the dataset that owns it: the seam between the object
 * layer ({@code fs}, {@code volume}) and the dataset layer ({@code dataset}).
 *
 * <p>The object layer never decides how space is accounted, whether a block is freed at once or
 * kept for a snapshot, or when a transaction group syncs: it writes and frees through {@link
 * #store()}, changes {@link #tree()} under {@link #lock()}, and asks {@link #intentLog()} to make
 * acknowledged changes durable.
 */
public interface ObjectSetContext {

  /** The dataset's guid; front ends put it in file handles. */
  long guid();

  /**
   * Block storage for file data. Writes are charged to the dataset (and refused with {@code
   * QuotaExceededException} or {@code NoSpaceException} when they do not fit); frees go to the pool
   * at once or to the dataset's deadlist, by birth txg.
   */
  BlockStore store();

  /** The dataset's head tree. Every call, reads included, must hold {@link #lock()}. */
  BPlusTree tree();

  /** Serializes access to the tree; the txg sync takes it too, so changes never tear a sync. */
  Lock lock();

  /**
   * Held shared by readers that read data blocks after releasing {@link #lock()}; the txg sync and
   * a dataset's destruction hold it exclusively, so a block found in the tree under the lock is not
   * reused for other data before such a reader is done. (Blocks born in the open txg are released
   * at once when replaced: those must still be read under the lock.) Empty when the context does
   * not support reading outside the lock.
   */
  default Optional<ReadWriteLock> blockReaders() {
    return Optional.empty();
  }

  /**
   * The context's dirty records (partial records written but not yet stored, see {@link
   * DirtyRecords}), flushed by the txg sync before it writes the tree. Empty when the context does
   * not flush them at sync: the object layer then stores every write at once.
   */
  default Optional<DirtyRecords> dirtyRecords() {
    return Optional.empty();
  }

  /** The transaction group that changes made now belong to; stable while the lock is held. */
  long openTxg();

  /** The dataset's effective settings (properties after inheritance), read on each use. */
  ObjectSetSettings settings();

  /** The dataset's intent log, for changes that must survive a crash before the next txg. */
  IntentLog intentLog();

  /**
   * Commits the open transaction group (and waits for one in progress) so that every change made
   * before the call is durable without the intent log: how the object layer makes unlogged
   * (unstable) writes durable on a commit or flush. The caller must not hold {@link #lock()}.
   */
  default void syncNow() throws IOException {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot sync on demand");
  }

  /** The time source for timestamps. */
  Clock clock();

  /** Space the dataset may still use: quota, reservation and pool free space considered. */
  long availableBytes();

  /** Space the dataset's head references now. */
  long referencedBytes();
}
