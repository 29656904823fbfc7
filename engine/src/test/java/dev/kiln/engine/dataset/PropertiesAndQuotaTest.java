package dev.kiln.engine.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.api.error.QuotaExceededException;
import dev.kiln.engine.api.manage.CompressionSetting;
import dev.kiln.engine.api.manage.DatasetProperties;
import dev.kiln.engine.api.manage.DatasetProperty;
import dev.kiln.engine.api.manage.DatasetType;
import dev.kiln.engine.api.manage.PropertyMap;
import dev.kiln.engine.api.manage.PropertySource;
import dev.kiln.engine.api.manage.SpaceUsage;
import dev.kiln.engine.block.Compression;
import dev.kiln.testkit.crash.MemoryDevice;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PropertiesAndQuotaTest {

  @Test
  void propertiesInheritThroughParentsAndPersist() throws Exception {
    MemoryDevice dev = new MemoryDevice("d0", Fixture.DEVICE_SIZE);
    DatasetPool dp = Fixture.create(dev, 10);
    dp.createDataset(
        "tank/a",
        DatasetType.FILESYSTEM,
        PropertyMap.empty().with(DatasetProperties.COMPRESSION, CompressionSetting.ZSTD));
    dp.createDataset("tank/a/b", DatasetType.FILESYSTEM, PropertyMap.empty());
    DatasetProperty<String> user = DatasetProperty.user("org.example:owner");
    dp.setProperty("tank", user, "ops");
    dp.setProperty("tank/a/b", DatasetProperties.RECORDSIZE, 16384L);

    var c = dp.property("tank/a/b", DatasetProperties.COMPRESSION);
    assertThat(c.value()).isEqualTo(CompressionSetting.ZSTD);
    assertThat(c.source()).isEqualTo(PropertySource.INHERITED);
    assertThat(dp.property("tank/a/b", user).value()).isEqualTo("ops");
    assertThat(dp.head("tank/a/b").settings().compression()).isEqualTo(Compression.ZSTD);
    assertThat(dp.head("tank/a/b").settings().recordSize()).isEqualTo(16384);
    assertThat(dp.head("tank/a").settings().recordSize()).isEqualTo(128 * 1024);

    dp.close();
    DatasetPool again = Fixture.open(dev, 10);
    assertThat(again.property("tank/a/b", user).value()).isEqualTo("ops");
    assertThat(again.property("tank/a/b", DatasetProperties.RECORDSIZE).source())
        .isEqualTo(PropertySource.LOCAL);
    again.inheritProperty("tank/a", DatasetProperties.COMPRESSION);
    assertThat(again.head("tank/a/b").settings().compression()).isEqualTo(Compression.LZ4);
    assertThat(again.property("tank/a/b", DatasetProperties.COMPRESSION).source())
        .isEqualTo(PropertySource.DEFAULT);
    again.close();
  }

  @Test
  void quotaAndRefquotaRefuseWritesAndAvailableShrinks() throws Exception {
    DatasetPool dp = Fixture.create(new MemoryDevice("d0", Fixture.DEVICE_SIZE), 11);
    dp.createDataset(
        "tank/q",
        DatasetType.FILESYSTEM,
        PropertyMap.empty().with(DatasetProperties.QUOTA, 300_000L));
    dp.createDataset("tank/q/child", DatasetType.FILESYSTEM, PropertyMap.empty());
    DatasetHead child = dp.head("tank/q/child");
    Random r = new Random(11);
    long availBefore = child.availableBytes();
    assertThat(availBefore).isLessThanOrEqualTo(300_000L);
    Fixture.writeFile(child, 1, Fixture.data(r, 100_000));
    dp.sync();
    assertThat(child.availableBytes()).isLessThan(availBefore);
    assertThatThrownBy(() -> Fixture.writeFile(child, 2, Fixture.data(r, 250_000)))
        .isInstanceOf(QuotaExceededException.class);

    dp.createDataset(
        "tank/rq",
        DatasetType.FILESYSTEM,
        PropertyMap.empty().with(DatasetProperties.REFQUOTA, 64 * 1024L));
    DatasetHead rq = dp.head("tank/rq");
    assertThatThrownBy(() -> Fixture.writeFile(rq, 1, new byte[100_000]))
        .isInstanceOf(QuotaExceededException.class);
    dp.sync();
    SpaceUsage parent = dp.space("tank/q");
    assertThat(parent.usedByChildren()).isEqualTo(dp.space("tank/q/child").used());
    assertThat(parent.used()).isGreaterThanOrEqualTo(parent.usedByChildren());
    assertThat(Fixture.unaccountedBytes(dp)).isZero();
    dp.close();
  }

  @Test
  void oversizedPropertySetsAreRefusedAndDestroyedHeadsRefuseWrites() throws Exception {
    DatasetPool dp = Fixture.create(new MemoryDevice("d0", Fixture.DEVICE_SIZE), 13);
    dp.createDataset("tank/p", DatasetType.FILESYSTEM, PropertyMap.empty());
    DatasetProperty<String> a = DatasetProperty.user("org.example:a");
    DatasetProperty<String> b = DatasetProperty.user("org.example:b");
    dp.setProperty("tank/p", a, "x".repeat(1000));
    assertThatThrownBy(() -> dp.setProperty("tank/p", b, "y".repeat(1000)))
        .isInstanceOf(dev.kiln.engine.api.error.InvalidArgumentException.class);
    assertThat(dp.property("tank/p", b).source()).isEqualTo(PropertySource.DEFAULT);
    DatasetHead h = dp.head("tank/p");
    dp.destroy("tank/p", false);
    assertThatThrownBy(() -> Fixture.writeFile(h, 1, new byte[10]))
        .isInstanceOf(IllegalStateException.class);
    assertThat(Fixture.unaccountedBytes(dp)).isZero();
    dp.close();
  }

  @Test
  void reservationsHoldSpaceAgainstOtherDatasets() throws Exception {
    DatasetPool dp = Fixture.create(new MemoryDevice("d0", Fixture.DEVICE_SIZE), 14);
    dp.createDataset("tank/other", DatasetType.FILESYSTEM, PropertyMap.empty());
    long before = dp.head("tank/other").availableBytes();
    long reserve = before - (2L << 20);
    dp.createDataset(
        "tank/res",
        DatasetType.FILESYSTEM,
        PropertyMap.empty().with(DatasetProperties.RESERVATION, reserve));
    DatasetHead other = dp.head("tank/other");
    DatasetHead res = dp.head("tank/res");
    assertThat(other.availableBytes()).isLessThan(before - reserve + (1L << 20));
    assertThat(res.availableBytes()).isGreaterThanOrEqualTo(reserve);
    assertThat(dp.space("tank").usedByChildren()).isGreaterThanOrEqualTo(reserve);
    Random r = new Random(14);
    assertThatThrownBy(
            () -> {
              for (int i = 0; i < 40; i++) {
                Fixture.writeFile(other, i, Fixture.data(r, 128 * 1024));
              }
            })
        .isInstanceOf(dev.kiln.engine.api.error.NoSpaceException.class);
    // The reserving dataset can still write.
    Fixture.writeFile(res, 1, Fixture.data(r, 128 * 1024));
    dp.close();
  }

  @Test
  void compressRatioAndLogicalUsed() throws Exception {
    DatasetPool dp = Fixture.create(new MemoryDevice("d0", Fixture.DEVICE_SIZE), 12);
    dp.createDataset("tank/c", DatasetType.FILESYSTEM, PropertyMap.empty());
    Fixture.writeFile(dp.head("tank/c"), 1, new byte[64 * 1024]);
    dp.sync();
    SpaceUsage s = dp.space("tank/c");
    assertThat(s.compressRatio()).isGreaterThan(2.0);
    assertThat(s.logicalReferenced()).isGreaterThan(s.referenced());
    assertThat(s.logicalUsed()).isGreaterThanOrEqualTo(64 * 1024L);
    dp.close();
  }
}
