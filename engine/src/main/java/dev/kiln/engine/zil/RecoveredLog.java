package dev.kiln.engine.zil;

import dev.kiln.engine.block.BlockPointer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * What a log chain held after a crash: the records to replay (in sequence order) and the blocks the
 * chain occupied (reservations included), for freeing.
 *
 * @param records records whose txg was not synced, in order
 * @param blocks every block of the chain that was reached, plus the last (unwritten) reservation
 * @param writtenBytes for each valid block (the first ones of {@code blocks}), the bytes written
 *     into its reservation (sector-rounded): what must be claimed after a crash
 * @param nextSequence the sequence number after the last record found
 */
public record RecoveredLog(
    List<LogRecord> records,
    List<BlockPointer> blocks,
    List<Integer> writtenBytes,
    long nextSequence) {

  /**
   * Follows the chain from {@code header}; keeps records of txgs after {@code syncedTxg}. Stops at
   * the first block that does not belong to the chain; a record cut there was never acknowledged
   * and is dropped.
   */
  public static RecoveredLog read(
      LogSpace space, LogHeader header, long datasetGuid, long syncedTxg) throws IOException {
    List<LogRecord> records = new ArrayList<>();
    List<BlockPointer> blocks = new ArrayList<>();
    List<Integer> written = new ArrayList<>();
    long nextSeq = 0;
    BlockPointer at = header.first();
    byte[] partial = null;
    long partialSeq = -1;
    int filled = 0;
    for (long number = 0; ; number++) {
      blocks.add(at);
      ByteBuffer raw = space.read(at);
      LogBlockCodec.LogBlock block = LogBlockCodec.decode(raw);
      if (block == null
          || block.chainId() != header.chainId()
          || block.datasetGuid() != datasetGuid
          || block.blockNumber() != number) {
        break;
      }
      for (LogBlockCodec.Fragment f : block.fragments()) {
        if (partial == null) {
          if (f.offset() != 0 || f.sequence() < nextSeq) {
            throw new IOException(
                "log chain %016x of dataset %016x is out of order at sequence %d"
                    .formatted(header.chainId(), datasetGuid, f.sequence()));
          }
          partial = new byte[f.recordLength()];
          partialSeq = f.sequence();
        } else if (f.sequence() != partialSeq || f.offset() != filled) {
          throw new IOException(
              "log chain %016x of dataset %016x interleaves records %d and %d"
                  .formatted(header.chainId(), datasetGuid, partialSeq, f.sequence()));
        }
        System.arraycopy(f.bytes(), 0, partial, f.offset(), f.bytes().length);
        filled = f.offset() + f.bytes().length;
        if (f.last()) {
          nextSeq = f.sequence() + 1;
          if (f.txg() > syncedTxg) {
            records.add(new LogRecord(f.sequence(), f.txg(), partial));
          }
          partial = null;
          filled = 0;
        }
      }
      written.add(block.encodedLength());
      at = block.next();
    }
    return new RecoveredLog(
        List.copyOf(records), List.copyOf(blocks), List.copyOf(written), nextSeq);
  }
}
