package dev.kiln.engine.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.api.error.AlreadyExistsException;
import dev.kiln.engine.api.error.BusyException;
import dev.kiln.engine.api.error.InvalidArgumentException;
import dev.kiln.engine.api.error.NoSuchEntryException;
import dev.kiln.engine.api.manage.DatasetProperties;
import dev.kiln.engine.api.manage.DatasetType;
import dev.kiln.engine.api.manage.PropertyMap;
import dev.kiln.testkit.crash.MemoryDevice;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DatasetDirectoryTest {

  private static final PropertyMap NONE = PropertyMap.empty();

  @Test
  void createListRenameDestroyHierarchy() throws Exception {
    MemoryDevice dev = new MemoryDevice("d0", Fixture.DEVICE_SIZE);
    DatasetPool dp = Fixture.create(dev, 1);
    dp.createDataset("tank/home", DatasetType.FILESYSTEM, NONE);
    dp.createDataset("tank/home/alice", DatasetType.FILESYSTEM, NONE);
    dp.createDataset(
        "tank/vol", DatasetType.VOLUME, NONE.with(DatasetProperties.VOLSIZE, 1L << 20));
    assertThat(dp.datasets())
        .extracting(DatasetInfo::name)
        .containsExactly("tank", "tank/home", "tank/home/alice", "tank/vol");
    long guid = dp.dataset("tank/home/alice").guid();

    dp.rename("tank/home", "tank/users");
    assertThat(dp.datasets())
        .extracting(DatasetInfo::name)
        .containsExactly("tank", "tank/users", "tank/users/alice", "tank/vol");
    assertThat(dp.dataset("tank/users/alice").guid()).isEqualTo(guid);
    assertThatThrownBy(() -> dp.dataset("tank/home")).isInstanceOf(NoSuchEntryException.class);

    assertThatThrownBy(() -> dp.destroy("tank/users", false)).isInstanceOf(BusyException.class);
    dp.destroy("tank/users", true);
    assertThat(dp.datasets()).extracting(DatasetInfo::name).containsExactly("tank", "tank/vol");

    dp.close();
    DatasetPool again = Fixture.open(dev, 1);
    assertThat(again.datasets()).extracting(DatasetInfo::name).containsExactly("tank", "tank/vol");
    assertThat(again.dataset("tank/vol").type()).isEqualTo(DatasetType.VOLUME);
    assertThat(Fixture.unaccountedBytes(again)).isZero();
    again.close();
  }

  @Test
  void badNamesAndMissingParentsAreRefused() throws Exception {
    DatasetPool dp = Fixture.create(new MemoryDevice("d0", Fixture.DEVICE_SIZE), 2);
    DatasetType fs = DatasetType.FILESYSTEM;
    assertThatThrownBy(() -> dp.createDataset("tank/a b", fs, NONE))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> dp.createDataset("tank//a", fs, NONE))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> dp.createDataset("tank/..", fs, NONE))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> dp.createDataset("tank/x@s", fs, NONE))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> dp.createDataset("other/a", fs, NONE))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> dp.createDataset("tank/no/parent", fs, NONE))
        .isInstanceOf(NoSuchEntryException.class);
    assertThatThrownBy(() -> dp.createDataset("tank", fs, NONE))
        .isInstanceOf(AlreadyExistsException.class);
    assertThatThrownBy(() -> dp.createDataset("tank/v", DatasetType.VOLUME, NONE))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(
            () -> dp.createDataset("tank/f", fs, NONE.with(DatasetProperties.VOLSIZE, 4096L)))
        .isInstanceOf(InvalidArgumentException.class);
    dp.createDataset("tank/a", fs, NONE);
    assertThatThrownBy(() -> dp.rename("tank/a", "tank/a/b"))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> dp.destroy("tank", true)).isInstanceOf(BusyException.class);
    assertThat(dp.datasets()).extracting(DatasetInfo::name).containsExactly("tank", "tank/a");
    dp.close();
  }

  @Test
  void dataSurvivesExportAndImport() throws Exception {
    MemoryDevice dev = new MemoryDevice("d0", Fixture.DEVICE_SIZE);
    DatasetPool dp = Fixture.create(dev, 3);
    dp.createDataset("tank/fs", DatasetType.FILESYSTEM, NONE);
    Random r = new Random(3);
    byte[] a = Fixture.data(r, 10_000);
    Fixture.writeFile(dp.head("tank/fs"), 5, a);
    dp.close();
    DatasetPool again = Fixture.open(dev, 3);
    assertThat(Fixture.readFile(again.head("tank/fs"), 5)).contains(a);
    again.close();
  }
}
