package dev.kiln.engine.fs;

import dev.kiln.engine.objset.ObjectSetContext;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * Re-applies object-layer intent records (of file systems and volumes alike) after a crash: the
 * dataset layer opens the head at its last synced root, then hands every logged record of a later
 * txg, in log order, to {@link #replay(byte[])}.
 *
 * <p>Records are absolute (puts, deletes, data with its bytes), so replaying one whose effects are
 * already present is harmless as long as the records after it are replayed too.
 */
public final class IntentReplayer {

  private final ObjectSetContext ctx;

  /** A replayer applying records to {@code ctx}'s head tree. */
  public IntentReplayer(ObjectSetContext ctx) {
    this.ctx = Objects.requireNonNull(ctx, "ctx");
  }

  /**
   * Verifies and applies one record in the open txg.
   *
   * @throws dev.kiln.engine.api.error.CorruptDataException if the record is torn or malformed
   *     (nothing is applied)
   */
  public void replay(byte[] record) throws IOException {
    List<IntentRecord.Op> ops = IntentRecord.decode(record);
    ctx.lock().lock();
    try {
      new TreeChanges(ctx.tree(), ctx.store(), ctx.openTxg(), ctx.settings().compression(), null)
          .apply(ops);
    } finally {
      ctx.lock().unlock();
    }
  }
}
