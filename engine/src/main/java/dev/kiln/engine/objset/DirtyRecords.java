package dev.kiln.engine.objset;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Records changed by small unlogged writes and not yet stored: ZFS's dirty records. A partial write
 * into a record that is already dirty is a memory copy; the record is compressed, checksummed and
 * written once, when the object layer's {@link Flusher} runs (at the txg sync, before an operation
 * that needs the tree to be current, or when too much is dirty). Without them, every 4 KiB write
 * into a 128 KiB record read, re-encoded and rewrote the whole record.
 *
 * <p>Readers overlay dirty records on the tree. Every method must be called with the context's lock
 * held. The records belong to the context (not to one object-layer instance), so every instance
 * over one head sees the same data.
 */
public final class DirtyRecords {

  /** Stores every dirty record into the tree; set by the object layer that owns the records. */
  @FunctionalInterface
  public interface Flusher {
    /** Stores and forgets {@code records}' records; called with the context's lock held. */
    void flush(DirtyRecords records) throws IOException;
  }

  /** Stores one dirty record into the tree. */
  @FunctionalInterface
  public interface RecordStore {
    /** Stores the record at {@code at}. */
    void store(Position at, Record record) throws IOException;
  }

  /** A flush to run. */
  @FunctionalInterface
  public interface Flush {
    /** Runs it. */
    void run() throws IOException;
  }

  /**
   * Runs flushes without quota checks: a dirty record's space was reserved when it was made dirty,
   * so storing it must not fail on the quota later (where no writer could be told).
   */
  @FunctionalInterface
  public interface ReservedScope {
    /** Runs {@code flush} with the dataset's quota checks off. */
    void run(Flush flush) throws IOException;
  }

  /** Where a record is: the object and the record's first byte. */
  public record Position(long object, long start) implements Comparable<Position> {
    @Override
    public int compareTo(Position o) {
      int c = Long.compare(object, o.object);
      return c != 0 ? c : Long.compare(start, o.start);
    }
  }

  /** A record's full content in memory; the first {@link #length()} bytes are its data. */
  public static final class Record {
    private final byte[] content;
    private int length;

    Record(byte[] content, int length) {
      this.content = content;
      this.length = length;
    }

    /** The record's bytes (the record size long); change them only under the context's lock. */
    public byte[] content() {
      return content;
    }

    /** How many leading bytes are data (the rest of the record reads as zeros). */
    public int length() {
      return length;
    }

    /** Copies {@code n} bytes of {@code src} from {@code from} to {@code in} of this record. */
    public void put(int in, byte[] src, int from, int n) {
      System.arraycopy(src, from, content, in, n);
      length = Math.max(length, in + n);
    }
  }

  private final TreeMap<Position, Record> records = new TreeMap<>();
  private final long maxBytes;
  private final ReservedScope reserved;
  private long bytes;
  private Flusher flusher;

  /**
   * Dirty records of up to {@code maxBytes} in total before writers must flush first, stored within
   * {@code reserved}.
   */
  public DirtyRecords(long maxBytes, ReservedScope reserved) {
    this.maxBytes = maxBytes;
    this.reserved = reserved;
  }

  /** Sets the object layer's flusher (the newest one wins: they are equivalent per context). */
  public void flusher(Flusher f) {
    flusher = f;
  }

  /** The dirty record at that position, or null. */
  public Record get(long object, long start) {
    return records.isEmpty() ? null : records.get(new Position(object, start));
  }

  /**
   * Makes a record dirty with its current {@code content} of which {@code length} bytes are data.
   */
  public Record add(long object, long start, byte[] content, int length) {
    Record r = new Record(content, length);
    Record old = records.put(new Position(object, start), r);
    bytes += content.length - (old == null ? 0 : old.content.length);
    return r;
  }

  /** Forgets a dirty record (a whole-record write replaced it). */
  public void remove(long object, long start) {
    Record old = records.isEmpty() ? null : records.remove(new Position(object, start));
    if (old != null) {
      bytes -= old.content.length;
    }
  }

  /** Whether nothing is dirty. */
  public boolean isEmpty() {
    return records.isEmpty();
  }

  /** The number of dirty records. */
  public int count() {
    return records.size();
  }

  /** Whether the dirty records hold more than the limit and should be flushed. */
  public boolean full() {
    return bytes >= maxBytes;
  }

  /**
   * Hands every dirty record, in (object, start) order, to {@code store} and forgets it. If a
   * record cannot be stored, it and the ones after it stay dirty (not lost) and the error is
   * thrown.
   */
  public void storeEach(RecordStore store) throws IOException {
    List<Map.Entry<Position, Record>> all = new ArrayList<>(records.entrySet());
    records.clear();
    bytes = 0;
    for (int i = 0; i < all.size(); i++) {
      try {
        store.store(all.get(i).getKey(), all.get(i).getValue());
      } catch (IOException | RuntimeException e) {
        for (Map.Entry<Position, Record> left : all.subList(i, all.size())) {
          records.put(left.getKey(), left.getValue());
          bytes += left.getValue().content.length;
        }
        throw e;
      }
    }
  }

  /** Runs the flusher if anything is dirty. */
  public void flush() throws IOException {
    if (!records.isEmpty() && flusher != null) {
      reserved.run(() -> flusher.flush(this));
    }
  }
}
