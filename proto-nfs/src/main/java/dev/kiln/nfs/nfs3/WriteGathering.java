package dev.kiln.nfs.nfs3;

import dev.kiln.engine.api.fs.FileSystem;
import dev.kiln.engine.api.fs.WriteResult;
import dev.kiln.engine.api.fs.WriteStability;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Write gathering: WRITEs to the same file that are in flight together are handed to the engine as
 * one call per run of adjacent writes with the same stability. A client with many requests
 * outstanding (qemu, the Linux client's write-back) then costs one read-modify-write of a record
 * instead of one per request. There is no waiting for company: whoever finds the file idle writes
 * what is queued at that moment, including requests that arrived while it worked (group commit).
 *
 * <p>Each request still gets its own reply; a failed engine call fails every request of its run.
 */
final class WriteGathering {

  private record FileKey(long guid, long inode) {}

  private static final class Pending {
    final long offset;
    final ByteBuffer data;
    final int length;
    final WriteStability stability;
    final CompletableFuture<WriteResult> done = new CompletableFuture<>();

    Pending(long offset, ByteBuffer data, WriteStability stability) {
      this.offset = offset;
      this.data = data;
      this.length = data.remaining();
      this.stability = stability;
    }
  }

  private static final class FileQueue {
    final ReentrantLock writer = new ReentrantLock();
    final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
  }

  private final Map<FileKey, FileQueue> queues = new ConcurrentHashMap<>();

  /** Writes {@code data} at {@code offset}, possibly together with concurrent writes. */
  WriteResult write(FileSystem fs, long inode, long offset, ByteBuffer data, WriteStability s)
      throws IOException {
    FileKey key = new FileKey(fs.guid(), inode);
    FileQueue q = queues.computeIfAbsent(key, k -> new FileQueue());
    Pending me = new Pending(offset, data, s);
    q.pending.add(me);
    // Whoever holds the file writes everything queued, and checks the queue again after letting
    // go: a request added while the lock was held is then never left behind, so a request that
    // finds the file busy can simply wait for its result.
    while (q.writer.tryLock()) {
      try {
        for (List<Pending> batch = drain(q); !batch.isEmpty(); batch = drain(q)) {
          writeBatch(fs, inode, batch);
        }
      } finally {
        q.writer.unlock();
      }
      if (q.pending.isEmpty()) {
        break;
      }
    }
    if (q.pending.isEmpty()) {
      queues.remove(key, q);
    }
    try {
      return me.done.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException("write failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while writing");
    }
  }

  private static List<Pending> drain(FileQueue q) {
    List<Pending> batch = new ArrayList<>();
    for (Pending p = q.pending.poll(); p != null; p = q.pending.poll()) {
      batch.add(p);
    }
    return batch;
  }

  /** Writes runs of adjacent requests of equal stability, in arrival order. */
  private static void writeBatch(FileSystem fs, long inode, List<Pending> batch) {
    int i = 0;
    while (i < batch.size()) {
      int j = i + 1;
      long end = batch.get(i).offset + batch.get(i).length;
      while (j < batch.size()
          && batch.get(j).offset == end
          && batch.get(j).stability == batch.get(i).stability) {
        end += batch.get(j).length;
        j++;
      }
      writeRun(fs, inode, batch.subList(i, j));
      i = j;
    }
  }

  private static void writeRun(FileSystem fs, long inode, List<Pending> run) {
    Pending first = run.getFirst();
    try {
      ByteBuffer data;
      if (run.size() == 1) {
        data = first.data;
      } else {
        int total = run.stream().mapToInt(p -> p.length).sum();
        data = ByteBuffer.allocate(total);
        for (Pending p : run) {
          data.put(p.data.duplicate());
        }
        data.flip();
      }
      WriteResult r = fs.write(inode, first.offset, data, first.stability);
      for (Pending p : run) {
        long written = r.count() - (p.offset - first.offset);
        int count = Math.clamp(written, 0, p.length);
        p.done.complete(new WriteResult(count, r.committed()));
      }
    } catch (IOException | RuntimeException e) {
      run.forEach(p -> p.done.completeExceptionally(e));
    }
  }
}
