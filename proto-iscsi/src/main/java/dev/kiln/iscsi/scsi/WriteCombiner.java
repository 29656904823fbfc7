package dev.kiln.iscsi.scsi;

import dev.kiln.engine.api.block.BlockVolume;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Lock;

/**
 * Write gathering for one volume: small WRITE commands queue here without blocking their caller,
 * and one drainer thread (started when the queue fills, ending when it empties) writes everything
 * queued, merging each write that starts where the previous one ended into one volume call. The
 * volume serializes writes anyway, so merging costs no parallelism and turns a queue of 32 adjacent
 * 4 KiB writes into one 128 KiB write. Order is kept: writes are applied in arrival order and only
 * forward-adjacent ones merge. A command completes only when its own data was written (durably when
 * any write in its run asked for FUA). Completions are told once per write, then every sink of a
 * drained batch is flushed once, so a transport can send a batch of responses in one go.
 *
 * <p>A submitter that says it drains itself ({@link ResponseSink#drainedByCaller()}: a connection's
 * reader, which calls {@link #drainHere()} before it waits for the socket) gets no drainer thread:
 * its writes wait until it has read every command already received, then it writes them and sends
 * their responses itself. On a loaded machine each hand-off to another thread costs a wait for a
 * CPU, so an initiator's window of writes costs no thread switch at all this way.
 */
final class WriteCombiner {

  /** Merged runs are capped so one call stays a bounded copy. */
  private static final int MAX_RUN = 1 << 20;

  /** Writes a self-draining submitter may leave queued before it must write them itself. */
  static final int MAX_DEFERRED = 64;

  private record Pending(long lba, ByteBuffer data, boolean fua, ResponseSink sink) {}

  private final BlockVolume volume;
  private final Lock writeGate;
  private final int blockSize;
  private final List<Pending> queue = new ArrayList<>();
  private boolean draining;

  /**
   * @param volume the volume written
   * @param writeGate held around each volume write (COMPARE AND WRITE excludes writes with it)
   */
  WriteCombiner(BlockVolume volume, Lock writeGate) {
    this.volume = volume;
    this.writeGate = writeGate;
    this.blockSize = volume.logicalBlockSize();
  }

  /**
   * Queues writing {@code data} at {@code lba}; {@code sink} receives GOOD or the failure's sense
   * data once written, on the drainer's thread. The buffer must stay unchanged until then.
   */
  void submit(long lba, ByteBuffer data, boolean fua, ResponseSink sink) {
    Pending p = new Pending(lba, data, fua, sink);
    boolean later = sink.drainedByCaller();
    synchronized (this) {
      queue.add(p);
      if (draining || later && queue.size() < MAX_DEFERRED) {
        // A drainer is at work and takes this one too, or the submitter drains before it waits.
        return;
      }
      draining = true;
    }
    if (later) {
      drain();
    } else {
      // A drainer of its own, so the submitter goes on with its next command.
      Thread.ofVirtual().name("write-combiner").start(this::drain);
    }
  }

  /**
   * Writes everything queued on the calling thread, unless another thread is draining (it then
   * writes what is queued before it stops).
   */
  void drainHere() {
    synchronized (this) {
      if (draining || queue.isEmpty()) {
        return;
      }
      draining = true;
    }
    drain();
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
      Map<ResponseSink, Boolean> sinks = new IdentityHashMap<>();
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
        for (Pending p : batch.subList(i, j)) {
          sinks.put(p.sink(), Boolean.TRUE);
        }
        i = j;
      }
      for (ResponseSink s : sinks.keySet()) {
        s.flush();
      }
    }
  }

  private void writeRun(List<Pending> run, int bytes) {
    boolean fua = false;
    for (Pending p : run) {
      fua |= p.fua();
    }
    ScsiResponse outcome;
    writeGate.lock();
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
      outcome = ScsiResponse.good();
    } catch (IOException | RuntimeException e) {
      outcome = LogicalUnit.failure(e);
    } finally {
      writeGate.unlock();
    }
    for (Pending p : run) {
      p.sink().respond(outcome);
    }
  }
}
