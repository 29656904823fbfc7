package dev.kiln.engine.fs;

import dev.kiln.engine.block.BlockStore;
import dev.kiln.engine.tree.TreeReader;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The records touched by unlogged (unstable) writes since the last commit, while they are few: a
 * commit then logs their current content (like ZFS's copied write records) instead of syncing the
 * whole transaction group, which is much cheaper for the small-file write-then-commit pattern of
 * NFS clients. Past {@code maxBytes} written or {@code maxRecords} records, tracking gives up and
 * the commit syncs instead. Not thread-safe: the file system's lock guards it.
 */
final class PendingData {

  private final long maxBytes;
  private final int maxRecords;
  private final Map<Long, TreeSet<Long>> records = new HashMap<>();
  private long bytes;
  private int count;

  PendingData(long maxBytes, int maxRecords) {
    this.maxBytes = maxBytes;
    this.maxRecords = maxRecords;
  }

  /**
   * Remembers the records an unlogged write of {@code [offset, offset+length)} touched; returns
   * false (and forgets everything) when that passes the limits, so the caller must sync instead.
   */
  boolean track(long inode, int recordSize, long offset, int length) {
    if (length == 0) {
      return true;
    }
    bytes += length;
    TreeSet<Long> starts = records.computeIfAbsent(inode, k -> new TreeSet<>());
    long last = (offset + length - 1) & -(long) recordSize;
    for (long start = offset & -(long) recordSize; start <= last; start += recordSize) {
      if (starts.add(start)) {
        count++;
      }
      if (bytes > maxBytes || count > maxRecords) {
        clear();
        return false;
      }
    }
    return true;
  }

  boolean isEmpty() {
    return records.isEmpty();
  }

  void clear() {
    records.clear();
    bytes = 0;
    count = 0;
  }

  /**
   * Intent records carrying the current content of every tracked record (in pieces of at most
   * {@link IntentRecord#MAX_WRITE_BYTES}) and then its inode, as of the tree now; empty records are
   * skipped (holes, preallocation and removed inodes were logged by the operations that made them).
   * Returns empty if the content passes {@code maxLoggedBytes}: the caller syncs instead.
   */
  Optional<List<byte[]>> records(TreeReader tree, BlockStore store, long txg, long maxLoggedBytes)
      throws IOException {
    IntentRecord.Builder b = new IntentRecord.Builder(txg);
    long logged = 0;
    for (Map.Entry<Long, TreeSet<Long>> e : records.entrySet()) {
      long inode = e.getKey();
      Optional<byte[]> item = tree.get(ItemType.key(inode, ItemType.INODE, 0));
      if (item.isEmpty()) {
        continue;
      }
      int recordSize = Inode.decode(inode, item.get()).recordSize;
      for (long start : e.getValue()) {
        Extent x = ObjectData.extent(tree, inode, start);
        if (x == null || x.pointer() == null) {
          // No data now (a hole, or preallocated): replay must not keep older bytes of the record.
          b.zero(inode, recordSize, start, recordSize);
          if (x != null) {
            b.preallocate(inode, recordSize, start, recordSize);
          }
          b.cut();
          continue;
        }
        byte[] data = ObjectData.load(store, inode, start, x);
        logged += data.length;
        if (logged > maxLoggedBytes) {
          return Optional.empty();
        }
        for (int at = 0; at < data.length; at += IntentRecord.MAX_WRITE_BYTES) {
          int n = Math.min(IntentRecord.MAX_WRITE_BYTES, data.length - at);
          b.write(inode, recordSize, start + at, data, at, n);
          b.cut();
        }
      }
      b.put(ItemType.key(inode, ItemType.INODE, 0), item.get());
      b.cut();
    }
    return Optional.of(b.finish());
  }
}
