package dev.kiln.iscsi.scsi;

import dev.kiln.engine.api.block.BlockVolume;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Write gathering for one volume: concurrent WRITE commands queue here, and one drainer thread
 * (started when the queue fills, ending when it empties) writes everything queued, merging each
 * write that starts where the previous one ended into one volume call. The volume serializes writes
 * anyway, so merging costs no parallelism and turns a queue of 32 adjacent 4 KiB writes into one
 * 128 KiB write. Order is kept: writes are applied in arrival order and only forward-adjacent ones
 * merge. A command completes only when its own data was written (durably when any write in its run
 * asked for FUA).
 */
final class WriteCombiner {

  /** Merged runs are capped so one call stays a bounded copy. */
  private static final int MAX_RUN = 1 << 20;

  private record Pending(long lba, ByteBuffer data, boolean fua, CompletableFuture<Void> done) {}

  private final BlockVolume volume;
  private final int blockSize;
  private final List<Pending> queue = new ArrayList<>();
  private boolean draining;

  WriteCombiner(BlockVolume volume) {
    this.volume = volume;
    this.blockSize = volume.logicalBlockSize();
  }

  /** Writes {@code data} at {@code lba}, possibly together with other queued writes. */
  void write(long lba, ByteBuffer data, boolean fua) throws IOException {
    Pending p = new Pending(lba, data, fua, new CompletableFuture<>());
    boolean drain;
    synchronized (this) {
      queue.add(p);
      drain = !draining;
      draining = true;
    }
    if (drain) {
      // A drainer of its own, so no command's response waits for other commands' writes.
      Thread.ofVirtual().name("write-combiner").start(this::drain);
    }
    try {
      p.done().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while writing", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IOException(e.getCause());
    }
  }

  private void drain() {
    while (true) {
      List<Pending> batch;
      synchronized (this) {
        if (queue.isEmpty()) {
          draining = false;
          return;
        }
        batch = new ArrayList<>(queue);
        queue.clear();
      }
      int i = 0;
      while (i < batch.size()) {
        int j = i + 1;
        long end = batch.get(i).lba() + batch.get(i).data().remaining() / blockSize;
        int bytes = batch.get(i).data().remaining();
        while (j < batch.size()
            && batch.get(j).lba() == end
            && bytes + batch.get(j).data().remaining() <= MAX_RUN) {
          end += batch.get(j).data().remaining() / blockSize;
          bytes += batch.get(j).data().remaining();
          j++;
        }
        writeRun(batch.subList(i, j), bytes);
        i = j;
      }
    }
  }

  private void writeRun(List<Pending> run, int bytes) {
    boolean fua = false;
    for (Pending p : run) {
      fua |= p.fua();
    }
    try {
      ByteBuffer data;
      if (run.size() == 1) {
        data = run.get(0).data();
      } else {
        data = ByteBuffer.allocate(bytes);
        for (Pending p : run) {
          data.put(p.data().duplicate());
        }
        data.flip();
      }
      volume.write(run.get(0).lba(), data, fua);
      for (Pending p : run) {
        p.done().complete(null);
      }
    } catch (IOException | RuntimeException e) {
      for (Pending p : run) {
        p.done().completeExceptionally(e);
      }
    }
  }
}
