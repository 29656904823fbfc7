package dev.kiln.engine.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.api.error.ReadOnlyFileSystemException;
import dev.kiln.engine.api.fs.SetAttributes;
import dev.kiln.engine.api.fs.WriteResult;
import dev.kiln.engine.api.fs.WriteStability;
import dev.kiln.engine.block.Compression;
import dev.kiln.engine.objset.ObjectSetSettings;
import dev.kiln.engine.objset.ObjectSetSettings.SyncMode;
import dev.kiln.engine.tree.TreeOptions;
import dev.kiln.testkit.ManualClock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which changes reach the intent log, which are committed, and what survives a crash. */
class DurabilityTest {

  private final ManualClock clock = new ManualClock(Instant.parse("2026-02-01T00:00:00Z"));

  private TestObjectSet objectSet(SyncMode sync) {
    return new TestObjectSet(clock, TreeOptions.defaults(), TestObjectSet.settings(sync, 8192));
  }

  private static ByteBuffer bytes(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String read(TreeFileSystem fs, long inode) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(100);
    int n = fs.read(inode, 0, b);
    return new String(b.array(), 0, n, StandardCharsets.UTF_8);
  }

  @Test
  void metadataIsLoggedWithoutCommitUnstableDataIsNotLoggedAndCommitMakesBothDurable()
      throws IOException {
    // By design (ZFS semantics): metadata operations are logged but committed only by a commit, a
    // stable write or sync=always; unstable data is never copied into the log.
    TestObjectSet os = objectSet(SyncMode.STANDARD);
    TreeFileSystem fs = TreeFileSystem.open(os);
    long committedAfterFormat = os.log().committed();
    long f = fs.create(fs.rootInode(), "f", SetAttributes.none()).inode();
    assertThat((long) os.log().size() - 1).isGreaterThan(committedAfterFormat);
    assertThat(os.log().committed()).isEqualTo(committedAfterFormat);

    int records = os.log().size();
    WriteResult r = fs.write(f, 0, bytes("unstable"), WriteStability.UNSTABLE);
    assertThat(r.committed()).isEqualTo(WriteStability.UNSTABLE);
    assertThat(os.log().size()).isEqualTo(records);

    // A little unstable data is pending: commit logs the current content of its records (no txg
    // sync).
    long syncedBefore = os.syncedTxg();
    fs.commit(f, 0, 0);
    assertThat(os.syncedTxg()).isEqualTo(syncedBefore);
    assertThat(os.log().size()).isGreaterThan(records);
    assertThat(os.log().committed()).isEqualTo(os.log().size() - 1);

    // Much unstable data: commit syncs the txg instead (the data is not written again).
    int before = os.log().size();
    fs.write(f, 0, ByteBuffer.wrap(new byte[3 << 20]), WriteStability.UNSTABLE);
    assertThat(os.log().size()).isEqualTo(before);
    fs.commit(f, 0, 0);
    assertThat(os.syncedTxg()).isGreaterThan(syncedBefore);
    assertThat(os.log().size()).isEqualTo(before);

    // Only logged metadata pending: commit is one log commit, no txg sync.
    fs.setattr(f, SetAttributes.none().withMode(0600));
    long synced = os.syncedTxg();
    fs.commit(f, 0, 0);
    assertThat(os.syncedTxg()).isEqualTo(synced);
    assertThat(os.log().committed()).isEqualTo(os.log().size() - 1);

    WriteResult s = fs.write(f, 0, bytes("STABLE"), WriteStability.DATA_SYNC);
    assertThat(s.committed().satisfies(WriteStability.DATA_SYNC)).isTrue();
    assertThat(os.log().committed()).isEqualTo(os.log().size() - 1);
  }

  @Test
  void acknowledgedStableWritesSurviveACrashAndUncommittedOnesDoNot() throws IOException {
    TestObjectSet os = objectSet(SyncMode.STANDARD);
    TreeFileSystem fs = TreeFileSystem.open(os);
    long synced = os.sync();
    long f = fs.create(fs.rootInode(), "f", SetAttributes.none()).inode();
    fs.write(f, 0, bytes("durable"), WriteStability.FILE_SYNC);
    long g = fs.create(fs.rootInode(), "g", SetAttributes.none()).inode();
    fs.write(g, 0, bytes("lost"), WriteStability.UNSTABLE);
    fs.create(fs.rootInode(), "h", SetAttributes.none());
    // A stable write commits every record appended before it: g's and h's creation too.
    fs.write(f, 7, bytes("!"), WriteStability.FILE_SYNC);
    fs.create(fs.rootInode(), "never-committed", SetAttributes.none());

    List<byte[]> survivors = os.crash();
    IntentReplayer replayer = new IntentReplayer(os);
    for (byte[] rec : survivors) {
      if (IntentRecord.txgOf(rec) > synced) {
        replayer.replay(rec);
      }
    }
    TreeFileSystem after = TreeFileSystem.open(os);
    assertThat(read(after, after.lookup(after.rootInode(), "f").inode())).isEqualTo("durable!");
    // g's creation was committed, its unstable data was not.
    assertThat(after.getattr(after.lookup(after.rootInode(), "g").inode()).size()).isZero();
    assertThat(after.lookup(after.rootInode(), "h").size()).isZero();
    assertThatThrownBy(() -> after.lookup(after.rootInode(), "never-committed"))
        .isInstanceOf(dev.kiln.engine.api.error.NoSuchEntryException.class);
    assertThat(after.writeVerifier()).isNotEqualTo(fs.writeVerifier());
  }

  @Test
  void syncAlwaysCommitsEveryWriteAndDisabledLogsNothing() throws IOException {
    TestObjectSet always = objectSet(SyncMode.ALWAYS);
    TreeFileSystem a = TreeFileSystem.open(always);
    long f = a.create(a.rootInode(), "f", SetAttributes.none()).inode();
    WriteResult r = a.write(f, 0, bytes("x"), WriteStability.UNSTABLE);
    assertThat(r.committed()).isEqualTo(WriteStability.FILE_SYNC);
    assertThat(always.log().committed()).isEqualTo(always.log().size() - 1);

    TestObjectSet disabled = objectSet(SyncMode.DISABLED);
    TreeFileSystem d = TreeFileSystem.open(disabled);
    long g = d.create(d.rootInode(), "g", SetAttributes.none()).inode();
    WriteResult w = d.write(g, 0, bytes("y"), WriteStability.FILE_SYNC);
    assertThat(w.committed()).isEqualTo(WriteStability.FILE_SYNC);
    d.commit(g, 0, 0);
    assertThat(disabled.log().size()).isZero();
    assertThat(read(d, g)).isEqualTo("y");
  }

  @Test
  void theReadOnlySettingRefusesEveryChange() throws IOException {
    TestObjectSet os = objectSet(SyncMode.STANDARD);
    TreeFileSystem fs = TreeFileSystem.open(os);
    long f = fs.create(fs.rootInode(), "f", SetAttributes.none()).inode();
    os.settings(new ObjectSetSettings(Compression.LZ4, 8192, 16384, true, SyncMode.STANDARD, true));
    int records = os.log().size();
    assertThat(fs.readOnly()).isTrue();
    assertThatThrownBy(() -> fs.write(f, 0, bytes("x"), WriteStability.UNSTABLE))
        .isInstanceOf(ReadOnlyFileSystemException.class);
    assertThatThrownBy(() -> fs.create(fs.rootInode(), "g", SetAttributes.none()))
        .isInstanceOf(ReadOnlyFileSystemException.class);
    assertThatThrownBy(() -> fs.unlink(fs.rootInode(), "nope"))
        .isInstanceOf(ReadOnlyFileSystemException.class);
    assertThatThrownBy(() -> fs.setattr(0, SetAttributes.none()))
        .isInstanceOf(ReadOnlyFileSystemException.class);
    assertThat(read(fs, f)).isEmpty();
    assertThat(os.log().size()).isEqualTo(records);
  }

  @Test
  void replacedDataBlocksAreFreedAndDeletingAFileFreesEverything() throws IOException {
    TestObjectSet os = objectSet(SyncMode.STANDARD);
    TreeFileSystem fs = TreeFileSystem.open(os);
    os.sync();
    int baseline = os.testStore().live().size();
    long f = fs.create(fs.rootInode(), "f", SetAttributes.none()).inode();
    byte[] data = dev.kiln.testkit.model.FsOperation.content(7, 100_000);
    fs.write(f, 0, ByteBuffer.wrap(data), WriteStability.UNSTABLE);
    fs.write(f, 100, ByteBuffer.wrap(data, 0, 50_000), WriteStability.UNSTABLE);
    fs.setXattr(f, "user.big", new byte[20_000], dev.kiln.engine.api.fs.XattrSetMode.EITHER);
    os.sync();
    fs.unlink(fs.rootInode(), "f");
    os.sync();
    os.sync();
    // Only tree nodes remain: as many (or fewer) than before the file existed, plus a new root
    // path.
    assertThat(os.testStore().live().size()).isLessThanOrEqualTo(baseline + 1);
  }
}
