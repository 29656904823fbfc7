package dev.kiln.engine.api.manage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.api.error.InvalidArgumentException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatasetPropertiesTest {

  @Test
  void sizesParseWithBinarySuffixesAndFormatCanonically() throws InvalidArgumentException {
    assertThat(DatasetProperties.RECORDSIZE.parse("128K")).isEqualTo(131072L);
    assertThat(DatasetProperties.RECORDSIZE.parse("1m")).isEqualTo(1L << 20);
    assertThat(DatasetProperties.QUOTA.parse("10G")).isEqualTo(10L << 30);
    assertThat(DatasetProperties.QUOTA.parse("none")).isZero();
    assertThat(DatasetProperties.QUOTA.format(0L)).isEqualTo("none");
    assertThat(DatasetProperties.QUOTA.parse(DatasetProperties.QUOTA.format(12345L)))
        .isEqualTo(12345L);
  }

  @Test
  void invalidValuesAreRejectedWithClearMessages() {
    assertThatThrownBy(() -> DatasetProperties.RECORDSIZE.parse("100K"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("power of two");
    assertThatThrownBy(() -> DatasetProperties.RECORDSIZE.parse("2M"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("between");
    assertThatThrownBy(() -> DatasetProperties.COMPRESSION.parse("gzip"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("off, lz4, zstd");
    assertThatThrownBy(() -> DatasetProperties.ATIME.parse("yes"))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> DatasetProperties.QUOTA.parse("lots"))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> DatasetProperties.QUOTA.parse("99999999P"))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> DatasetProperties.VOLBLOCKSIZE.validate(3000L))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void catalogueDefaultsAndInheritability() throws InvalidArgumentException {
    assertThat(DatasetProperties.COMPRESSION.defaultValue()).isEqualTo(CompressionSetting.LZ4);
    assertThat(DatasetProperties.SYNC.defaultValue()).isEqualTo(SyncSetting.STANDARD);
    assertThat(DatasetProperties.RECORDSIZE.defaultValue()).isEqualTo(128L << 10);
    assertThat(DatasetProperties.COMPRESSION.inheritable()).isTrue();
    assertThat(DatasetProperties.READONLY.inheritable()).isTrue();
    assertThat(DatasetProperties.QUOTA.inheritable()).isFalse();
    assertThat(DatasetProperties.REFQUOTA.inheritable()).isFalse();
    assertThat(DatasetProperties.RESERVATION.inheritable()).isFalse();
    assertThat(DatasetProperties.VOLSIZE.inheritable()).isFalse();
    assertThat(DatasetProperties.VOLBLOCKSIZE.settableAfterCreation()).isFalse();
    assertThat(DatasetProperties.byName("sharesmb")).isSameAs(DatasetProperties.SHARESMB);
    assertThat(DatasetProperties.all()).hasSize(13);
    assertThatThrownBy(() -> DatasetProperties.byName("nonsense"))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void userPropertiesNeedANamespace() throws InvalidArgumentException {
    DatasetProperty<String> p = DatasetProperty.user("com.example:owner");
    assertThat(p.isUserProperty()).isTrue();
    assertThat(p.inheritable()).isTrue();
    assertThat(DatasetProperties.byName("com.example:owner")).isEqualTo(p);
    assertThatThrownBy(() -> DatasetProperty.user("noColon"))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> DatasetProperty.user("Upper:Case"))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> p.parse("x".repeat(8193)))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void inheritanceResolvesLocalReceivedInheritedAndDefault() throws InvalidArgumentException {
    Map<String, PropertyMap> local =
        Map.of(
            "tank",
            PropertyMap.empty()
                .with(DatasetProperties.COMPRESSION, CompressionSetting.ZSTD)
                .with(DatasetProperties.QUOTA, 1L << 30),
            "tank/home/alice",
            PropertyMap.empty().with(DatasetProperties.ATIME, false));
    Map<String, PropertyMap> received =
        Map.of("tank/home", PropertyMap.empty().with(DatasetProperties.ATIME, true));
    var l = (java.util.function.Function<String, PropertyMap>) local::get;
    var r = (java.util.function.Function<String, PropertyMap>) received::get;

    var compression =
        PropertyInheritance.resolve(DatasetProperties.COMPRESSION, "tank/home/alice", l, r);
    assertThat(compression.value()).isEqualTo(CompressionSetting.ZSTD);
    assertThat(compression.source()).isEqualTo(PropertySource.INHERITED);
    assertThat(compression.inheritedFrom()).isEqualTo("tank");

    var atime = PropertyInheritance.resolve(DatasetProperties.ATIME, "tank/home/alice", l, r);
    assertThat(atime.value()).isFalse();
    assertThat(atime.source()).isEqualTo(PropertySource.LOCAL);

    var received2 = PropertyInheritance.resolve(DatasetProperties.ATIME, "tank/home", l, r);
    assertThat(received2.source()).isEqualTo(PropertySource.RECEIVED);

    // Quota is not inheritable: children see the default even though the pool root sets it.
    var quota = PropertyInheritance.resolve(DatasetProperties.QUOTA, "tank/home", l, r);
    assertThat(quota.value()).isZero();
    assertThat(quota.source()).isEqualTo(PropertySource.DEFAULT);

    var sync = PropertyInheritance.resolve(DatasetProperties.SYNC, "tank/home", l, r);
    assertThat(sync.source()).isEqualTo(PropertySource.DEFAULT);
    assertThat(sync.formatted()).isEqualTo("standard");
  }

  @Test
  void propertyMapIsTypedAndParsesText() throws InvalidArgumentException {
    PropertyMap m = PropertyMap.empty().withText("recordsize", "64K").withText("sync", "always");
    assertThat(m.get(DatasetProperties.RECORDSIZE)).contains(64L << 10);
    assertThat(m.get(DatasetProperties.SYNC)).contains(SyncSetting.ALWAYS);
    assertThat(m.get(DatasetProperties.QUOTA)).isEmpty();
    assertThat(m.without(DatasetProperties.SYNC).properties())
        .containsExactly(DatasetProperties.RECORDSIZE);
    assertThatThrownBy(() -> PropertyMap.empty().with(DatasetProperties.RECORDSIZE, 1000L))
        .isInstanceOf(InvalidArgumentException.class);
  }
}
