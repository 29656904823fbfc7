package dev.kiln.daemon.storage;

import dev.kiln.common.ByteSizes;
import dev.kiln.common.lifecycle.Health;
import dev.kiln.common.lifecycle.ManagedService;
import dev.kiln.engine.api.manage.EngineOptions;
import dev.kiln.engine.api.manage.Pool;
import dev.kiln.engine.api.manage.PoolHealth;
import dev.kiln.engine.api.manage.StorageEngine;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code storage} service of `kiln serve`: opens the engine, imports the data directory's pools
 * (creating the default pool, a sparse file, at first start) and on stop syncs and closes them, so
 * every acknowledged write is on disk before the process exits.
 */
public final class StorageService implements ManagedService {

  private static final Logger LOG = LoggerFactory.getLogger(StorageService.class);
  private static final long GIB = 1L << 30;

  private final Path dataDir;
  private final EngineOptions options;
  private final String defaultPoolName;
  private final String defaultPoolSize;
  private volatile PoolSet pools;

  /**
   * @param dataDir the data directory (its lock is held by the daemon)
   * @param options engine options
   * @param defaultPoolName pool created at first start, empty for none
   * @param defaultPoolSize "auto" or a size
   */
  public StorageService(
      Path dataDir, EngineOptions options, String defaultPoolName, String defaultPoolSize) {
    this.dataDir = dataDir;
    this.options = options;
    this.defaultPoolName = defaultPoolName;
    this.defaultPoolSize = defaultPoolSize;
  }

  @Override
  public String name() {
    return "storage";
  }

  @Override
  public void start() throws IOException {
    PoolSet set = PoolSet.open(dataDir, options);
    try {
      if (set.engine().pools().isEmpty() && !defaultPoolName.isEmpty()) {
        long size = defaultSize();
        Pool pool = set.createPool(defaultPoolName, List.of(), size, Map.of());
        LOG.info(
            "created default pool {} ({} sparse file in {})",
            pool.name(),
            ByteSizes.format(size),
            set.poolDirectory());
      }
    } catch (IOException | RuntimeException e) {
      set.close();
      throw e;
    }
    pools = set;
  }

  /** The engine; only while the service runs. */
  public StorageEngine engine() {
    PoolSet set = pools;
    if (set == null) {
      throw new IllegalStateException("storage is not running");
    }
    return set.engine();
  }

  @Override
  public void stop() throws IOException {
    PoolSet set = pools;
    pools = null;
    if (set != null) {
      set.close();
    }
  }

  @Override
  public Health health() {
    PoolSet set = pools;
    if (set == null) {
      return new Health(Health.State.STOPPED, "");
    }
    try {
      List<String> problems = new ArrayList<>();
      for (Pool p : set.engine().pools()) {
        if (p.health() != PoolHealth.ONLINE) {
          problems.add(p.name() + " " + p.health());
        }
      }
      return problems.isEmpty() ? Health.up() : Health.degraded(String.join(", ", problems));
    } catch (IOException | RuntimeException e) {
      return Health.failed(String.valueOf(e.getMessage()));
    }
  }

  private long defaultSize() throws IOException {
    if (!defaultPoolSize.equals("auto")) {
      return ByteSizes.parse(defaultPoolSize);
    }
    Files.createDirectories(dataDir);
    FileStore store = Files.getFileStore(dataDir);
    long half = store.getUsableSpace() / 2;
    return Math.clamp(half - half % GIB, GIB, 1024 * GIB);
  }
}
