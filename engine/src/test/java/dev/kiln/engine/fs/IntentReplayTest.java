package dev.kiln.engine.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.api.error.CorruptDataException;
import dev.kiln.engine.api.fs.SetAttributes;
import dev.kiln.engine.api.fs.WriteStability;
import dev.kiln.engine.objset.ObjectSetSettings;
import dev.kiln.engine.objset.ObjectSetSettings.SyncMode;
import dev.kiln.engine.tree.TreeEntry;
import dev.kiln.engine.tree.TreeKey;
import dev.kiln.engine.tree.TreeOptions;
import dev.kiln.testkit.ManualClock;
import dev.kiln.testkit.model.FsOperation;
import dev.kiln.testkit.model.Outcome;
import dev.kiln.testkit.model.RandomFileSystemOperations;
import dev.kiln.testkit.model.TreeSnapshot;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Replaying the intent log over the last synced root rebuilds exactly the pre-crash tree. */
class IntentReplayTest {

  private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T00:00:00Z"));

  private TestObjectSet objectSet(SyncMode sync) {
    // atime off: access times are deliberately not logged.
    return new TestObjectSet(
        clock,
        TreeOptions.defaults().withNodeSize(2048),
        new ObjectSetSettings(
            dev.kiln.engine.block.Compression.LZ4, 4096, 4096, false, sync, false));
  }

  @Test
  void replayAfterTheLastSyncRebuildsTheSameTree() throws IOException {
    long seed = RandomFileSystemOperations.seedFromProperty(0xbeefL);
    // sync=always: every change, unstable writes included, is logged and committed (under
    // standard, unstable writes are not logged at all and become durable with their txg).
    TestObjectSet os = objectSet(SyncMode.ALWAYS);
    TreeFileSystem fs = TreeFileSystem.open(os);
    List<FsOperation> ops = new RandomFileSystemOperations(seed).generate(1200);
    for (int i = 0; i < 700; i++) {
      Outcome.of(fs, ops.get(i));
      clock.advance(Duration.ofMillis(3));
    }
    long synced = os.sync();
    for (int i = 700; i < ops.size(); i++) {
      Outcome.of(fs, ops.get(i));
      clock.advance(Duration.ofMillis(3));
    }
    fs.create(fs.rootInode(), "commit-marker", SetAttributes.none());
    assertThat(os.log().committed()).isEqualTo(os.log().size() - 1);
    List<TreeEntry> before = items(os);
    TreeSnapshot visible = TreeSnapshot.capture(fs);

    List<byte[]> survivors = os.crash();
    IntentReplayer replayer = new IntentReplayer(os);
    int replayed = 0;
    for (byte[] r : survivors) {
      if (IntentRecord.txgOf(r) > synced) {
        replayer.replay(r);
        replayed++;
      }
    }
    assertThat(replayed).as("seed %d", seed).isGreaterThan(30);
    assertThat(items(os)).as("seed %d", seed).isEqualTo(before);
    assertThat(TreeSnapshot.capture(TreeFileSystem.open(os)).differences(visible)).isEmpty();
  }

  @Test
  void replayingRecordsTwiceIsHarmless() throws IOException {
    TestObjectSet os = objectSet(SyncMode.ALWAYS);
    TreeFileSystem fs = TreeFileSystem.open(os);
    long synced = os.sync();
    long f = fs.create(fs.rootInode(), "f", SetAttributes.none()).inode();
    fs.write(f, 5000, ByteBuffer.wrap(FsOperation.content(1, 10_000)), WriteStability.UNSTABLE);
    fs.setXattr(
        f, "user.big", FsOperation.content(2, 9000), dev.kiln.engine.api.fs.XattrSetMode.EITHER);
    fs.punchHole(f, 6000, 5000);
    fs.mkdir(fs.rootInode(), "d", SetAttributes.none());
    fs.rename(fs.rootInode(), "f", fs.lookup(fs.rootInode(), "d").inode(), "g");
    List<TreeEntry> before = items(os);
    List<byte[]> survivors = os.crash();
    IntentReplayer replayer = new IntentReplayer(os);
    List<byte[]> later = new ArrayList<>();
    for (byte[] r : survivors) {
      if (IntentRecord.txgOf(r) > synced) {
        later.add(r);
      }
    }
    for (byte[] r : later) {
      replayer.replay(r);
    }
    for (byte[] r : later) {
      replayer.replay(r);
    }
    assertThat(items(os)).isEqualTo(before);
  }

  @Test
  void aLargeWriteIsLoggedInPiecesAndATornGroupReplaysAsAPrefix() throws IOException {
    TestObjectSet os = objectSet(SyncMode.STANDARD);
    TreeFileSystem fs = TreeFileSystem.open(os);
    long f = fs.create(fs.rootInode(), "f", SetAttributes.none()).inode();
    long synced = os.sync();
    int before = os.log().size();
    byte[] data = FsOperation.content(5, 300_000);
    fs.write(f, 0, ByteBuffer.wrap(data), WriteStability.FILE_SYNC);
    List<byte[]> pieces = os.log().records().subList(before, os.log().size());
    assertThat(pieces).hasSize(5);
    assertThat(pieces).allSatisfy(r -> assertThat(r.length).isLessThan(70_000));
    os.crash();
    IntentReplayer replayer = new IntentReplayer(os);
    replayer.replay(pieces.get(0));
    replayer.replay(pieces.get(1));
    TreeFileSystem after = TreeFileSystem.open(os);
    int prefix = 2 * IntentRecord.MAX_WRITE_BYTES;
    assertThat(after.getattr(f).size()).isEqualTo(prefix);
    ByteBuffer back = ByteBuffer.allocate(400_000);
    assertThat(after.read(f, 0, back)).isEqualTo(prefix);
    assertThat(Arrays.copyOf(back.array(), prefix)).isEqualTo(Arrays.copyOf(data, prefix));
    assertThat(synced).isPositive();
  }

  @Test
  void aTornRecordIsRejectedAndChangesNothing() throws IOException {
    TestObjectSet os = objectSet(SyncMode.STANDARD);
    TreeFileSystem fs = TreeFileSystem.open(os);
    fs.create(fs.rootInode(), "f", SetAttributes.none());
    byte[] rec = os.log().records().getLast();
    List<TreeEntry> before = items(os);
    byte[] flipped = rec.clone();
    flipped[flipped.length / 2] ^= 1;
    assertThatThrownBy(() -> new IntentReplayer(os).replay(flipped))
        .isInstanceOf(CorruptDataException.class);
    byte[] torn = Arrays.copyOf(rec, rec.length - 3);
    assertThatThrownBy(() -> new IntentReplayer(os).replay(torn))
        .isInstanceOf(CorruptDataException.class);
    assertThatThrownBy(() -> new IntentReplayer(os).replay(new byte[3]))
        .isInstanceOf(CorruptDataException.class);
    assertThat(items(os)).isEqualTo(before);
  }

  /** Every tree item; extents compare by length only, since replay writes new blocks. */
  private static List<TreeEntry> items(TestObjectSet os) throws IOException {
    os.lock().lock();
    try {
      List<TreeEntry> out = new ArrayList<>();
      for (TreeEntry e : os.tree().scan(TreeKey.MIN, TreeKey.MAX, Integer.MAX_VALUE)) {
        if (e.key().itemTypeUnsigned() == ItemType.EXTENT) {
          Extent x = Extent.decode(e.value());
          out.add(
              new TreeEntry(
                  e.key(),
                  ByteBuffer.allocate(5)
                      .put((byte) (x.preallocated() ? 1 : 0))
                      .putInt(x.length())
                      .array()));
        } else {
          out.add(e);
        }
      }
      return out;
    } finally {
      os.lock().unlock();
    }
  }
}
