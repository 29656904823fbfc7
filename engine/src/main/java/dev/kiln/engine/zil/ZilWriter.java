package dev.kiln.engine.zil;

import dev.kiln.engine.block.BlockPointer;
import dev.kiln.engine.objset.IntentLog;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * A dataset's intent log writer with group commit (see the package notes). Appends and the
 * reservation of blocks take the dataset lock (so the txg they read is stable against a sync);
 * {@link #commit} must be called without holding it.
 */
public final class ZilWriter implements IntentLog {

  private final long datasetGuid;
  private final LogSpace space;
  private final ReentrantLock datasetLock;
  private final LongSupplier openTxg;
  private final RandomGenerator random;

  // Guarded by this.
  private final ArrayDeque<LogRecord> pending = new ArrayDeque<>();
  // Committers waiting (parked) for their sequence to become durable, oldest first.
  private final ArrayDeque<Committer> committers = new ArrayDeque<>();
  private final TreeMap<Long, Long> cutSequences = new TreeMap<>();
  private final List<BlockPointer> chainBlocks = new ArrayList<>();
  private long nextSequence;
  private int pendingOffset;
  private long durableSequence;
  private boolean leaderActive;
  // True while a leader writes log blocks outside the dataset lock: a cut waits for it, so that
  // the blocks of a replaced chain are never written after they were freed.
  private boolean writingBlocks;
  private IOException failure;
  private LogHeader header;
  private BlockPointer nextBlock;
  private long nextBlockNumber;
  // Size of the next block to reserve, from the demand seen (see writeQueued).
  private int reservationSize = LogBlockCodec.BLOCK_SIZE;
  private long flushes;

  /**
   * A writer without a chain yet: the first {@link #cut} (a txg sync) starts one; commits before
   * that wait for the sync.
   */
  public ZilWriter(
      long datasetGuid,
      LogSpace space,
      ReentrantLock datasetLock,
      LongSupplier openTxg,
      RandomGenerator random,
      long firstSequence) {
    this.datasetGuid = datasetGuid;
    this.space = space;
    this.datasetLock = datasetLock;
    this.openTxg = openTxg;
    this.random = random;
    this.nextSequence = firstSequence;
    this.durableSequence = firstSequence - 1;
  }

  @Override
  public long append(byte[] record) throws IOException {
    if (record.length > LogBlockCodec.MAX_PAYLOAD) {
      throw new IllegalArgumentException(
          "log record of %d bytes exceeds %d".formatted(record.length, LogBlockCodec.MAX_PAYLOAD));
    }
    datasetLock.lock();
    try {
      synchronized (this) {
        checkFailure();
        long seq = nextSequence++;
        pending.add(new LogRecord(seq, openTxg.getAsLong(), record.clone()));
        return seq;
      }
    } finally {
      datasetLock.unlock();
    }
  }

  @Override
  public void commit(long sequence) throws IOException {
    if (datasetLock.isHeldByCurrentThread()) {
      throw new IllegalStateException("commit must not be called while holding the dataset lock");
    }
    Committer me;
    synchronized (this) {
      checkFailure();
      if (durableSequence >= sequence) {
        return;
      }
      if (sequence >= nextSequence) {
        throw new IllegalArgumentException(
            "sequence " + sequence + " was never appended (next is " + nextSequence + ")");
      }
      me = new Committer(sequence, Thread.currentThread());
      if (!leaderActive && !pending.isEmpty() && nextBlock != null) {
        leaderActive = true;
        me.lead = true;
      } else {
        committers.add(me);
      }
    }
    while (true) {
      if (me.lead) {
        me.lead = false;
        lead();
      }
      synchronized (this) {
        checkFailure();
        if (durableSequence >= sequence) {
          return;
        }
        if (me.lead) {
          continue;
        }
        if (!committers.contains(me)) {
          committers.add(me); // a leader whose own record was cut away waits for the sync
        }
      }
      LockSupport.park(this);
      if (Thread.interrupted()) {
        abandon(me);
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for the intent log");
      }
    }
  }

  /** An interrupted committer leaves the queue; leadership handed to it passes on. */
  private void abandon(Committer me) {
    List<Thread> wake;
    synchronized (this) {
      committers.remove(me);
      if (me.lead) {
        me.lead = false;
        leaderActive = false;
      }
      wake = releaseCommitters();
    }
    wake.forEach(LockSupport::unpark);
  }

  /**
   * With the monitor held: removes the committers whose records are durable (or that must fail)
   * and, when records are queued and nobody leads, makes the oldest remaining committer the leader.
   * Returns the threads to unpark once the monitor is released — one wake-up per committer instead
   * of every waiter contending for the monitor after a notifyAll.
   */
  private List<Thread> releaseCommitters() {
    List<Thread> wake = new ArrayList<>();
    for (var it = committers.iterator(); it.hasNext(); ) {
      Committer c = it.next();
      if (failure != null || durableSequence >= c.sequence) {
        it.remove();
        wake.add(c.thread);
      }
    }
    if (!leaderActive && !pending.isEmpty() && nextBlock != null && !committers.isEmpty()) {
      Committer next = committers.poll();
      next.lead = true;
      leaderActive = true;
      wake.add(next.thread);
    }
    return wake;
  }

  /** Writes every queued record into the chain and flushes once, as the leader. */
  private void lead() throws IOException {
    List<Thread> wake;
    try {
      List<LogSpace.BlockWrite> writes = new ArrayList<>();
      long written;
      datasetLock.lock();
      try {
        synchronized (this) {
          written = writeQueued(writes);
          writingBlocks = !writes.isEmpty();
        }
      } finally {
        datasetLock.unlock();
      }
      if (!writes.isEmpty()) {
        // The blocks are written (durably) without the dataset lock: other operations go on
        // meanwhile.
        try {
          space.writeDurably(writes);
        } finally {
          synchronized (this) {
            writingBlocks = false;
            notifyAll(); // a cut waiting for the block writers
          }
        }
        synchronized (this) {
          flushes++;
          durableSequence = Math.max(durableSequence, written);
        }
      }
    } catch (IOException | RuntimeException e) {
      synchronized (this) {
        if (failure == null) {
          failure = e instanceof IOException io ? io : new IOException(e);
        }
      }
      throw e;
    } finally {
      synchronized (this) {
        leaderActive = false;
        wake = releaseCommitters();
      }
      wake.forEach(LockSupport::unpark);
    }
  }

  /**
   * Encodes queued records into blocks for {@code writes}; returns the last sequence encoded.
   *
   * <p>Each block's successor is reserved before the block is written (its pointer is in it), so
   * its size is a guess from this block, as ZFS sizes its log write blocks: a block that could not
   * take every queued record asks for the largest size, else twice what it used (at least 8 KiB).
   * Small commits thus take small blocks, and the log region (see {@code SpaceAllocator.logRegion})
   * holds many txgs of them; a burst larger than the guess goes on in further blocks of the same
   * flush.
   */
  private long writeQueued(List<LogSpace.BlockWrite> writes) throws IOException {
    long last = -1;
    while (!pending.isEmpty() && nextBlock != null) {
      List<LogBlockCodec.Fragment> batch = new ArrayList<>();
      int room = LogBlockCodec.recordSpace(nextBlock.physicalSize());
      int used = 0;
      while (!pending.isEmpty() && room > LogBlockCodec.FRAGMENT_OVERHEAD) {
        LogRecord r = pending.peek();
        int take =
            Math.min(r.payload().length - pendingOffset, room - LogBlockCodec.FRAGMENT_OVERHEAD);
        byte[] piece =
            java.util.Arrays.copyOfRange(r.payload(), pendingOffset, pendingOffset + take);
        batch.add(
            new LogBlockCodec.Fragment(
                r.sequence(), r.txg(), r.payload().length, pendingOffset, piece));
        room -= LogBlockCodec.FRAGMENT_OVERHEAD + take;
        used += LogBlockCodec.FRAGMENT_OVERHEAD + take;
        pendingOffset += take;
        if (pendingOffset == r.payload().length) {
          pending.poll();
          pendingOffset = 0;
          last = r.sequence();
        }
      }
      reservationSize =
          pending.isEmpty()
              ? LogBlockCodec.blockSizeFor(
                  2 * (used + LogBlockCodec.HEADER + LogBlockCodec.TRAILER))
              : LogBlockCodec.BLOCK_SIZE;
      BlockPointer after = space.reserve(reservationSize, openTxg.getAsLong());
      writes.add(
          new LogSpace.BlockWrite(
              nextBlock,
              LogBlockCodec.encode(
                  new LogBlockCodec.LogBlock(
                      header.chainId(), datasetGuid, nextBlockNumber, after, batch))));
      chainBlocks.add(nextBlock);
      nextBlock = after;
      nextBlockNumber++;
    }
    return last;
  }

  /**
   * Called by the txg sync of {@code txg} with the dataset lock held: every record so far will be
   * durable once {@code txg} commits. Starts a fresh chain if the current one was used (or none
   * exists). Returns the blocks of the replaced chain, to be freed in a later txg.
   */
  public synchronized List<BlockPointer> cut(long txg) throws IOException {
    awaitBlockWriters();
    if (nextSequence > 0) {
      cutSequences.put(txg, nextSequence - 1);
    }
    pending.clear();
    pendingOffset = 0;
    List<BlockPointer> old = new ArrayList<>();
    if (header != null && chainBlocks.isEmpty()) {
      return old;
    }
    old.addAll(chainBlocks);
    if (nextBlock != null) {
      old.add(nextBlock);
    }
    chainBlocks.clear();
    nextBlock = space.reserve(reservationSize, txg);
    nextBlockNumber = 0;
    long id;
    do {
      id = random.nextLong();
    } while (id == 0);
    header = new LogHeader(id, nextBlock);
    return old;
  }

  /** Waits (uninterruptibly: a cut must not be abandoned) until no leader is writing blocks. */
  private void awaitBlockWriters() {
    boolean interrupted = false;
    while (writingBlocks) {
      try {
        wait();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Txg {@code txg} is committed: records cut at or before it are durable. */
  public void synced(long txg) {
    List<Thread> wake;
    synchronized (this) {
      var done = cutSequences.headMap(txg, true);
      for (long seq : done.values()) {
        durableSequence = Math.max(durableSequence, seq);
      }
      done.clear();
      wake = releaseCommitters();
    }
    wake.forEach(LockSupport::unpark);
  }

  /** A sync failed: every waiting and later commit fails with {@code cause}. */
  public void fail(IOException cause) {
    List<Thread> wake;
    synchronized (this) {
      if (failure == null) {
        failure = cause;
      }
      wake = releaseCommitters();
    }
    wake.forEach(LockSupport::unpark);
  }

  /** The chain header to store in the dataset record (null before the first cut). */
  public synchronized LogHeader header() {
    return header;
  }

  /** Every block the chain holds now (written blocks and the next reservation). */
  public synchronized List<BlockPointer> blocks() {
    List<BlockPointer> all = new ArrayList<>(chainBlocks);
    if (nextBlock != null) {
      all.add(nextBlock);
    }
    return all;
  }

  /** The next sequence number. */
  public synchronized long nextSequence() {
    return nextSequence;
  }

  /** Device flushes issued by commits so far (group commit makes this smaller than commits). */
  public synchronized long flushCount() {
    return flushes;
  }

  private void checkFailure() throws IOException {
    if (failure != null) {
      throw new IOException("intent log of dataset %016x failed".formatted(datasetGuid), failure);
    }
  }

  /** One thread waiting in {@link #commit}; {@code lead} is set when it is handed leadership. */
  private static final class Committer {
    final long sequence;
    final Thread thread;
    volatile boolean lead;

    Committer(long sequence, Thread thread) {
      this.sequence = sequence;
      this.thread = thread;
    }
  }
}
