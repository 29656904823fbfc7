package dev.kiln.engine.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.api.error.AlreadyExistsException;
import dev.kiln.engine.api.error.BusyException;
import dev.kiln.engine.api.error.NoSuchEntryException;
import dev.kiln.engine.api.manage.DatasetType;
import dev.kiln.engine.api.manage.PropertyMap;
import dev.kiln.engine.block.BlockPointer;
import dev.kiln.engine.tree.TreeChange;
import dev.kiln.engine.tree.TreeKey;
import dev.kiln.testkit.crash.MemoryDevice;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SnapshotTest {

  private static byte[] readFromSnapshot(DatasetPool dp, String snap, long object)
      throws Exception {
    var t = dp.snapshotTree(snap);
    var v = t.get(TreeKey.of(object, Fixture.DATA, 0)).orElseThrow();
    return Fixture.bytes(dp.pool().blockStore().read(BlockPointer.readFrom(ByteBuffer.wrap(v))));
  }

  @Test
  void snapshotKeepsItsViewWhileTheHeadChanges() throws Exception {
    MemoryDevice dev = new MemoryDevice("d0", Fixture.DEVICE_SIZE);
    DatasetPool dp = Fixture.create(dev, 20);
    dp.createDataset("tank/fs", DatasetType.FILESYSTEM, PropertyMap.empty());
    DatasetHead h = dp.head("tank/fs");
    Random r = new Random(20);
    byte[] v1 = Fixture.data(r, 20_000);
    byte[] v2 = Fixture.data(r, 20_000);
    Fixture.writeFile(h, 1, v1);
    dp.snapshot("tank/fs@one", false);
    Fixture.writeFile(h, 1, v2);
    Fixture.writeFile(h, 2, v2);
    dp.sync();
    assertThat(readFromSnapshot(dp, "tank/fs@one", 1)).isEqualTo(v1);
    assertThat(dp.snapshotTree("tank/fs@one").get(TreeKey.of(2, Fixture.DATA, 0))).isEmpty();
    assertThat(Fixture.readFile(h, 1)).contains(v2);
    assertThatThrownBy(() -> dp.snapshot("tank/fs@one", false))
        .isInstanceOf(AlreadyExistsException.class);

    List<TreeChange> changes = new ArrayList<>();
    dp.diff("tank/fs@one", "tank/fs", changes::add);
    assertThat(changes)
        .extracting(c -> c.key().objectId() + ":" + c.kind())
        .containsExactly("1:CHANGED", "2:ADDED");

    SnapshotInfo info = dp.snapshotInfo("tank/fs@one");
    assertThat(info.used()).isGreaterThan(0);
    assertThat(dp.space("tank/fs").usedBySnapshots()).isEqualTo(info.used());

    dp.close();
    DatasetPool again = Fixture.open(dev, 20);
    assertThat(readFromSnapshot(again, "tank/fs@one", 1)).isEqualTo(v1);
    again.destroySnapshot("tank/fs@one");
    assertThat(again.space("tank/fs").usedBySnapshots()).isZero();
    again.sync();
    assertThat(Fixture.unaccountedBytes(again)).isZero();
    again.close();
  }

  @Test
  void holdsAndClonesBlockDestroy() throws Exception {
    DatasetPool dp = Fixture.create(new MemoryDevice("d0", Fixture.DEVICE_SIZE), 21);
    dp.createDataset("tank/fs", DatasetType.FILESYSTEM, PropertyMap.empty());
    Random r = new Random(21);
    byte[] v1 = Fixture.data(r, 30_000);
    Fixture.writeFile(dp.head("tank/fs"), 1, v1);
    dp.snapshot("tank/fs@s", false);
    dp.hold("tank/fs@s", "keep");
    assertThatThrownBy(() -> dp.hold("tank/fs@s", "keep"))
        .isInstanceOf(AlreadyExistsException.class);
    assertThatThrownBy(() -> dp.destroySnapshot("tank/fs@s")).isInstanceOf(BusyException.class);
    dp.release("tank/fs@s", "keep");
    assertThatThrownBy(() -> dp.release("tank/fs@s", "keep"))
        .isInstanceOf(NoSuchEntryException.class);

    DatasetInfo clone = dp.clone("tank/fs@s", "tank/copy", PropertyMap.empty());
    assertThat(clone.origin()).isEqualTo("tank/fs@s");
    DatasetHead c = dp.head("tank/copy");
    assertThat(Fixture.readFile(c, 1)).contains(v1);
    byte[] v2 = Fixture.data(r, 30_000);
    Fixture.writeFile(c, 1, v2);
    Fixture.writeFile(c, 3, v2);
    dp.sync();
    assertThat(Fixture.readFile(dp.head("tank/fs"), 1)).contains(v1);
    assertThat(Fixture.readFile(c, 1)).contains(v2);
    assertThatThrownBy(() -> dp.destroySnapshot("tank/fs@s")).isInstanceOf(BusyException.class);
    assertThatThrownBy(() -> dp.destroy("tank/fs", true)).isInstanceOf(BusyException.class);
    assertThat(dp.snapshotInfo("tank/fs@s").clones()).isEqualTo(1);

    dp.snapshot("tank/copy@c1", false);
    Fixture.deleteFile(c, 3);
    dp.destroySnapshot("tank/copy@c1");
    assertThat(dp.space("tank/copy").usedByDataset()).isEqualTo(dp.space("tank/copy").used());
    dp.destroy("tank/copy", false);
    dp.destroySnapshot("tank/fs@s");
    dp.sync();
    assertThat(Fixture.unaccountedBytes(dp)).isZero();
    dp.close();
  }

  @Test
  void rollbackReturnsToTheSnapshotAndFreesNewerBlocks() throws Exception {
    DatasetPool dp = Fixture.create(new MemoryDevice("d0", Fixture.DEVICE_SIZE), 22);
    dp.createDataset("tank/fs", DatasetType.FILESYSTEM, PropertyMap.empty());
    DatasetHead h = dp.head("tank/fs");
    Random r = new Random(22);
    byte[] v1 = Fixture.data(r, 8000);
    Fixture.writeFile(h, 1, v1);
    dp.snapshot("tank/fs@a", false);
    long referencedAtA = dp.snapshotInfo("tank/fs@a").referenced();
    Fixture.writeFile(h, 1, Fixture.data(r, 8000));
    dp.snapshot("tank/fs@b", false);
    Fixture.writeFile(h, 2, Fixture.data(r, 8000));

    assertThatThrownBy(() -> dp.rollback("tank/fs@a", false)).isInstanceOf(BusyException.class);
    long gen = h.generation();
    dp.rollback("tank/fs@a", true);
    assertThat(h.generation()).isGreaterThan(gen);
    assertThat(dp.snapshots("tank/fs")).extracting(SnapshotInfo::name).containsExactly("tank/fs@a");
    assertThat(Fixture.readFile(h, 1)).contains(v1);
    assertThat(Fixture.readFile(h, 2)).isEmpty();
    assertThat(dp.space("tank/fs").referenced()).isEqualTo(referencedAtA);
    assertThat(dp.space("tank/fs").usedBySnapshots()).isZero();
    dp.sync();
    assertThat(Fixture.unaccountedBytes(dp)).isZero();
    dp.close();
  }
}
