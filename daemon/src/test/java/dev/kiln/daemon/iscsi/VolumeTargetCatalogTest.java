package dev.kiln.daemon.iscsi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.daemon.storage.PoolSet;
import dev.kiln.engine.api.manage.Dataset;
import dev.kiln.engine.api.manage.DatasetProperties;
import dev.kiln.engine.api.manage.DatasetType;
import dev.kiln.engine.api.manage.EngineOptions;
import dev.kiln.engine.api.manage.PropertyMap;
import dev.kiln.engine.api.manage.StorageEngine;
import dev.kiln.iscsi.target.IscsiTarget;
import dev.kiln.mgmt.iscsi.IscsiTargetSpec;
import dev.kiln.mgmt.iscsi.IscsiTargets;
import dev.kiln.mgmt.store.EmbeddedConfigStore;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A volume the engine cannot open is left out of the catalog (and logged) while every other volume
 * stays exported, with and without configured targets. Real pool and volumes; only the broken
 * volume's {@code volume()} is made to fail, as an unreadable volume header would.
 */
class VolumeTargetCatalogTest {

  @TempDir Path dir;

  private PoolSet pools;
  private EmbeddedConfigStore store;
  private IscsiTargets configured;
  private VolumeTargetCatalog catalog;

  @BeforeEach
  void setUp() throws IOException {
    pools = PoolSet.open(dir.resolve("kiln"), EngineOptions.defaults(Clock.systemUTC()));
    pools.createPool("tank", List.of(), 256L << 20, Map.of());
    for (String name : List.of("tank/good", "tank/broken")) {
      pools
          .engine()
          .createDataset(
              name,
              DatasetType.VOLUME,
              PropertyMap.empty().with(DatasetProperties.VOLSIZE, 8L << 20));
    }
    store = EmbeddedConfigStore.open(dir.resolve("config"));
    configured = new IscsiTargets(store);
    StorageEngine engine = withBrokenVolume(pools.engine(), "tank/broken");
    catalog = new VolumeTargetCatalog(() -> engine, () -> configured);
  }

  @AfterEach
  void tearDown() throws IOException {
    store.close();
    pools.close();
  }

  @Test
  void everyOtherVolumeStaysATarget() {
    List<IscsiTarget> targets = catalog.targets();
    assertThat(targets)
        .extracting(IscsiTarget::name)
        .containsExactly(VolumeTargetCatalog.targetName("tank/good"));
    assertThat(targets.getFirst().units()).containsOnlyKeys(0);
  }

  @Test
  void aConfiguredTargetKeepsItsOtherLuns() throws IOException {
    String name = VolumeTargetCatalog.PREFIX + "mixed";
    configured.create(
        new IscsiTargetSpec(
            name,
            List.of(
                new IscsiTargetSpec.LunMapping(0, "tank/broken"),
                new IscsiTargetSpec.LunMapping(1, "tank/good"),
                new IscsiTargetSpec.LunMapping(2, "tank/missing")),
            List.of(),
            null,
            null,
            null,
            null));
    List<IscsiTarget> targets = catalog.targets();
    assertThat(targets).extracting(IscsiTarget::name).containsExactly(name);
    assertThat(targets.getFirst().units()).containsOnlyKeys(1);
    assertThat(targets.getFirst().units().get(1).volume().blockCount() * 512).isEqualTo(8L << 20);
  }

  /** The engine, except that the dataset named {@code broken} fails to open its volume. */
  private static StorageEngine withBrokenVolume(StorageEngine real, String broken) {
    return (StorageEngine)
        Proxy.newProxyInstance(
            StorageEngine.class.getClassLoader(),
            new Class<?>[] {StorageEngine.class},
            (proxy, method, args) -> {
              Object result = invoke(real, method, args);
              if (result instanceof Dataset d && d.name().equals(broken)) {
                return failingVolume(d);
              }
              if (result instanceof List<?> list) {
                return list.stream()
                    .map(
                        o ->
                            o instanceof Dataset d && d.name().equals(broken)
                                ? failingVolume(d)
                                : o)
                    .toList();
              }
              return result;
            });
  }

  private static Dataset failingVolume(Dataset real) {
    return (Dataset)
        Proxy.newProxyInstance(
            Dataset.class.getClassLoader(),
            new Class<?>[] {Dataset.class},
            (proxy, method, args) -> {
              if (method.getName().equals("volume")) {
                throw new IOException("volume header failed verification");
              }
              return invoke(real, method, args);
            });
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
