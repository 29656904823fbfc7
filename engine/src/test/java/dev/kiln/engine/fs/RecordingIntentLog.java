package dev.kiln.engine.fs;

import dev.kiln.engine.objset.IntentLog;
import java.util.ArrayList;
import java.util.List;

/** An intent log that keeps every appended record in memory and remembers what was committed. */
public final class RecordingIntentLog implements IntentLog {

  private final List<byte[]> records = new ArrayList<>();
  private long committed = -1;
  private int commits;

  /** The largest record the pool's intent log accepts (one log block's payload), rounded down. */
  public static final int MAX_RECORD_BYTES = 128 * 1024 - 1024;

  @Override
  public synchronized long append(byte[] record) {
    if (record.length > MAX_RECORD_BYTES) {
      throw new IllegalArgumentException("log record of " + record.length + " bytes is too big");
    }
    records.add(record.clone());
    return records.size() - 1;
  }

  @Override
  public synchronized void commit(long sequence) {
    if (sequence >= records.size()) {
      throw new IllegalStateException("commit of unknown sequence " + sequence);
    }
    committed = Math.max(committed, sequence);
    commits++;
  }

  /** Every appended record, in order. */
  public synchronized List<byte[]> records() {
    return List.copyOf(records);
  }

  /** Records up to and including the highest committed sequence (what survives a crash). */
  public synchronized List<byte[]> durableRecords() {
    return List.copyOf(records.subList(0, (int) committed + 1));
  }

  /** Number of appended records. */
  public synchronized int size() {
    return records.size();
  }

  /** Highest committed sequence, -1 if none. */
  public synchronized long committed() {
    return committed;
  }

  /** Number of commit calls. */
  public synchronized int commits() {
    return commits;
  }
}
