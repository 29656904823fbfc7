package dev.kiln.engine.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.block.Compression;
import dev.kiln.engine.objset.ObjectSetSettings;
import dev.kiln.engine.objset.ObjectSetSettings.SyncMode;
import dev.kiln.engine.tree.TreeKey;
import dev.kiln.engine.tree.TreeOptions;
import dev.kiln.testkit.ManualClock;
import dev.kiln.testkit.model.FsOperation;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whole records encoded before the lock land as written; a stale preparation is ignored. */
class PreparedWriteTest {

  private static final int RECORD = 8192;
  private static final long OBJECT = 7;

  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-03T00:00:00Z"));

  @Test
  void preparedRecordsMatchUnpreparedOnesAndMismatchedPreparationsAreIgnored() throws IOException {
    // From offset 100: a partial first record, two whole ones (the second all zeros), a partial.
    byte[] data = FsOperation.content(5, 3 * RECORD + 300);
    java.util.Arrays.fill(data, 2 * RECORD - 100, 3 * RECORD - 100, (byte) 0);
    List<PreparedWrite> preparations =
        List.of(
            PreparedWrite.NONE,
            PreparedWrite.of(Compression.LZ4, RECORD, 100, data, 0, data.length),
            PreparedWrite.of(Compression.OFF, RECORD, 100, data, 0, data.length),
            PreparedWrite.of(Compression.LZ4, RECORD / 2, 100, data, 0, data.length));
    assertThat(preparations.get(1).blocks()).containsOnlyKeys((long) RECORD);
    assertThat(preparations.get(1).zeros()).containsExactly(2L * RECORD);
    for (PreparedWrite prepared : preparations) {
      TestObjectSet os =
          new TestObjectSet(
              clock,
              TreeOptions.defaults(),
              new ObjectSetSettings(
                  Compression.LZ4, RECORD, RECORD, true, SyncMode.STANDARD, false));
      os.lock().lock();
      try {
        TreeChanges c = TreeChanges.begin(os, false);
        c.write(OBJECT, RECORD, 100, data, 0, data.length, (end, last) -> {}, prepared);
        ByteBuffer back = ByteBuffer.allocate(data.length + 100);
        ObjectData.read(os.tree(), os.store(), OBJECT, RECORD, data.length + 100, 0, back);
        assertThat(java.util.Arrays.copyOfRange(back.array(), 100, data.length + 100))
            .as("content written with %s", prepared)
            .isEqualTo(data);
        // The zero record is a hole whichever way it was encoded.
        assertThat(
                os.tree()
                    .scan(
                        TreeKey.of(OBJECT, ItemType.EXTENT, 0),
                        TreeKey.of(OBJECT, ItemType.EXTENT + 1, 0),
                        Integer.MAX_VALUE))
            .hasSize(3);
      } finally {
        os.lock().unlock();
      }
    }
  }
}
