package dev.kiln.engine.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.api.block.BlockVolume;
import dev.kiln.engine.api.block.VolumeIdentity;
import dev.kiln.engine.api.error.ReadOnlyFileSystemException;
import dev.kiln.engine.fs.IntentRecord;
import dev.kiln.engine.fs.IntentReplayer;
import dev.kiln.engine.fs.TestObjectSet;
import dev.kiln.testkit.contract.BlockVolumeContract;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A volume with 4096-byte logical blocks passes the BlockVolume contract; FUA and flush go through
 * the intent log, data persists across sync and reopen, and snapshot views are frozen and
 * read-only.
 */
class TreeBlockVolume4kTest extends BlockVolumeContract {

  private static final VolumeIdentity ID = new VolumeIdentity(4096, "KILN4K");
  private TestObjectSet objectSet;

  @Override
  protected BlockVolume newVolume() throws IOException {
    objectSet = new TestObjectSet(Clock.systemUTC());
    return TreeBlockVolume.open(objectSet, ID, 4096, 300);
  }

  private static ByteBuffer block(int value) {
    ByteBuffer b = ByteBuffer.allocate(4096);
    for (int i = 0; i < 4096; i++) {
      b.put(i, (byte) (value + i));
    }
    return b;
  }

  private static ByteBuffer read(BlockVolume v, long lba) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(4096);
    v.read(lba, b);
    return b.flip();
  }

  @Test
  void fuaCommitsAndFlushCommitsEverythingBefore() throws IOException {
    // By design: a write without FUA is not logged (its blocks become durable with their txg).
    int records = objectSet.log().size();
    volume.write(3, block(1), false);
    assertThat(objectSet.log().size()).isEqualTo(records);
    volume.write(4, block(2), true);
    assertThat(objectSet.log().committed()).isEqualTo(objectSet.log().size() - 1);
    volume.unmap(3, 1);
    long synced = objectSet.syncedTxg();
    volume.flush();
    // Unlogged changes are pending: flush syncs their txg instead of logging their data.
    assertThat(objectSet.syncedTxg()).isGreaterThan(synced);
    assertThat(read(volume, 3)).isEqualTo(ByteBuffer.allocate(4096));
    assertThat(read(volume, 4)).isEqualTo(block(2));
    // Nothing unlogged since: a flush is a log commit only.
    volume.write(5, block(3), true);
    long after = objectSet.syncedTxg();
    volume.flush();
    assertThat(objectSet.syncedTxg()).isEqualTo(after);
  }

  @Test
  void dataPersistsAcrossSyncAndReopenAndReplay() throws IOException {
    volume.write(7, block(7), false);
    long synced = objectSet.sync();
    volume.write(8, block(8), true);
    volume.write(9, block(9), false);
    List<byte[]> survivors = objectSet.crash();
    IntentReplayer replayer = new IntentReplayer(objectSet);
    for (byte[] r : survivors) {
      if (IntentRecord.txgOf(r) > synced) {
        replayer.replay(r);
      }
    }
    BlockVolume reopened = TreeBlockVolume.open(objectSet, ID, 4096, 300);
    assertThat(read(reopened, 7)).isEqualTo(block(7));
    assertThat(read(reopened, 8)).isEqualTo(block(8));
    assertThat(read(reopened, 9)).isEqualTo(ByteBuffer.allocate(4096));
    assertThatThrownBy(() -> TreeBlockVolume.open(objectSet, ID, 512, 300))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void snapshotViewIsFrozenAndReadOnly() throws IOException {
    volume.write(3, block(5), false);
    TreeBlockVolume snap =
        TreeBlockVolume.view(
            objectSet.snapshot(), objectSet.store(), new VolumeIdentity(4097, "KILN4KSNAP"));
    volume.unmap(3, 1);
    volume.write(4, block(6), false);
    objectSet.sync();
    assertThat(read(snap, 3)).isEqualTo(block(5));
    assertThat(read(snap, 4)).isEqualTo(ByteBuffer.allocate(4096));
    assertThat(read(volume, 3)).isEqualTo(ByteBuffer.allocate(4096));
    assertThat(snap.readOnly()).isTrue();
    assertThat(snap.blockCount()).isEqualTo(300);
    assertThatThrownBy(() -> snap.write(0, ByteBuffer.allocate(4096), true))
        .isInstanceOf(ReadOnlyFileSystemException.class);
    assertThatThrownBy(() -> snap.unmap(0, 1)).isInstanceOf(ReadOnlyFileSystemException.class);
    assertThatThrownBy(snap::flush).isInstanceOf(ReadOnlyFileSystemException.class);
  }

  @Test
  void unmapFreesWholeRecords() throws IOException {
    TreeBlockVolume v = (TreeBlockVolume) volume;
    int perRecord = v.recordSize() / 4096;
    objectSet.sync();
    int before = objectSet.testStore().live().size();
    volume.write(0, ByteBuffer.allocate(4096 * perRecord * 4).put(0, (byte) 1), false);
    objectSet.sync();
    assertThat(objectSet.testStore().live().size()).isGreaterThan(before);
    volume.unmap(0, 4L * perRecord);
    objectSet.sync();
    objectSet.sync();
    assertThat(objectSet.testStore().live().size()).isLessThanOrEqualTo(before + 1);
  }
}
