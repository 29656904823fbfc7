package dev.kiln.engine.zil;

/**
 * One logged change.
 *
 * @param sequence position in the dataset's log, increasing by one per record
 * @param txg transaction group of the change; the record is obsolete once that txg is synced
 * @param payload the object layer's encoding of the change
 */
public record LogRecord(long sequence, long txg, byte[] payload) {

  /** Bytes this record takes in a log block. */
  public int encodedSize() {
    return 8 + 8 + 4 + payload.length;
  }
}
