package dev.kiln.engine.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.api.error.CorruptDataException;
import dev.kiln.engine.api.fs.SetAttributes;
import dev.kiln.engine.api.fs.WriteStability;
import dev.kiln.engine.block.BlockPointer;
import dev.kiln.engine.tree.TreeKey;
import dev.kiln.testkit.ManualClock;
import dev.kiln.testkit.model.FsOperation;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A corrupted data or metadata block is reported as CorruptDataException, never returned. */
class CorruptionTest {

  private final ManualClock clock = new ManualClock(Instant.parse("2026-04-01T00:00:00Z"));

  @Test
  void aCorruptDataBlockFailsTheReadOfItsRecordOnly() throws IOException {
    TestObjectSet os = new TestObjectSet(clock);
    TreeFileSystem fs = TreeFileSystem.open(os);
    long f = fs.create(fs.rootInode(), "f", SetAttributes.none()).inode();
    int rs = os.settings().recordSize();
    byte[] data = FsOperation.content(3, 2 * rs);
    fs.write(f, 0, ByteBuffer.wrap(data), WriteStability.FILE_SYNC);
    os.sync();
    BlockPointer second = extentPointer(os, f, rs);
    os.testStore().corrupt(second);

    assertThatThrownBy(() -> fs.read(f, rs + 10, ByteBuffer.allocate(10)))
        .isInstanceOf(CorruptDataException.class);
    assertThatThrownBy(() -> fs.read(f, 0, ByteBuffer.allocate(2 * rs)))
        .isInstanceOf(CorruptDataException.class);
    ByteBuffer first = ByteBuffer.allocate(rs);
    assertThat(fs.read(f, 0, first)).isEqualTo(rs);
    assertThat(first.array()).isEqualTo(java.util.Arrays.copyOf(data, rs));
    // A partial overwrite needs the old record: it fails too, changing nothing.
    assertThatThrownBy(
            () -> fs.write(f, rs + 1, ByteBuffer.wrap(new byte[1]), WriteStability.UNSTABLE))
        .isInstanceOf(CorruptDataException.class);
    // A whole-record overwrite replaces the damaged block and heals the file.
    fs.write(f, rs, ByteBuffer.wrap(new byte[rs]), WriteStability.UNSTABLE);
    assertThat(fs.read(f, rs, ByteBuffer.allocate(rs))).isEqualTo(rs);
  }

  @Test
  void aCorruptTreeNodeFailsMetadataOperations() throws IOException {
    TestObjectSet os = new TestObjectSet(clock);
    TreeFileSystem fs = TreeFileSystem.open(os);
    long f = fs.create(fs.rootInode(), "f", SetAttributes.none()).inode();
    os.sync();
    Set<BlockPointer> nodes = new HashSet<>(os.testStore().live());
    for (BlockPointer p : nodes) {
      os.testStore().corrupt(p);
    }
    // A fresh view has no cached nodes, so it must read (and verify) the corrupted blocks.
    assertThatThrownBy(
            () ->
                TreeFileSystem.view(
                        dev.kiln.engine.tree.TreeSnapshot.open(
                            os.store(),
                            os.tree().committedRoot().orElseThrow(),
                            os.tree().options()),
                        os.store(),
                        1,
                        clock)
                    .getattr(f))
        .isInstanceOf(CorruptDataException.class);
  }

  private static BlockPointer extentPointer(TestObjectSet os, long inode, long start)
      throws IOException {
    os.lock().lock();
    try {
      byte[] v = os.tree().get(TreeKey.of(inode, ItemType.EXTENT, start)).orElseThrow();
      return Extent.decode(v).pointer();
    } finally {
      os.lock().unlock();
    }
  }
}
