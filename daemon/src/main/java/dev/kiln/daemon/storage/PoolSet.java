package dev.kiln.daemon.storage;

import dev.kiln.engine.api.error.AlreadyExistsException;
import dev.kiln.engine.api.error.InvalidArgumentException;
import dev.kiln.engine.api.manage.EngineOptions;
import dev.kiln.engine.api.manage.Pool;
import dev.kiln.engine.api.manage.PropertyMap;
import dev.kiln.engine.api.manage.StorageEngine;
import dev.kiln.engine.api.manage.StorageEngineProvider;
import dev.kiln.engine.api.manage.VdevSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage engine of one data directory with its cached pools imported: what both `kiln serve`
 * and the local storage commands work on. The caller holds the data-directory lock.
 */
public final class PoolSet implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PoolSet.class);

  private final Path dataDir;
  private final StorageEngine engine;
  private final PoolCache cache;

  private PoolSet(Path dataDir, StorageEngine engine, PoolCache cache) {
    this.dataDir = dataDir;
    this.engine = engine;
    this.cache = cache;
  }

  /** Opens the engine and imports every pool in the cache. */
  public static PoolSet open(Path dataDir, EngineOptions options) throws IOException {
    PoolCache cache = PoolCache.load(dataDir);
    StorageEngine engine = StorageEngineProvider.load().open(options);
    PoolSet set = new PoolSet(dataDir, engine, cache);
    try {
      for (Map.Entry<String, List<Path>> e : cache.pools().entrySet()) {
        engine.importPool(e.getKey(), e.getValue());
        LOG.info("imported pool {} from {}", e.getKey(), e.getValue());
      }
    } catch (IOException | RuntimeException e) {
      set.close();
      throw e;
    }
    return set;
  }

  /** The engine. */
  public StorageEngine engine() {
    return engine;
  }

  /** Where pool files are created by default: {@code <data-dir>/pools}. */
  public Path poolDirectory() {
    return dataDir.resolve("pools");
  }

  /**
   * Creates a pool; without devices, one sparse file {@code <data-dir>/pools/<name>.img}. Files
   * that do not exist are created sparse with {@code sizeBytes}.
   */
  public Pool createPool(
      String name, List<Path> devices, long sizeBytes, Map<String, String> properties)
      throws IOException {
    if (cache.pools().containsKey(name)) {
      throw new AlreadyExistsException("pool " + name + " already exists");
    }
    List<Path> paths = new ArrayList<>(devices);
    if (paths.isEmpty()) {
      Files.createDirectories(poolDirectory());
      paths.add(poolDirectory().resolve(name + ".img"));
    }
    List<VdevSpec> vdevs = new ArrayList<>();
    for (Path p : paths) {
      long size = Files.exists(p) && !Files.isRegularFile(p) ? 0 : sizeBytes;
      vdevs.add(new VdevSpec(p.toAbsolutePath().normalize(), size));
    }
    PropertyMap props = PropertyMap.empty();
    for (Map.Entry<String, String> e : properties.entrySet()) {
      props = props.withText(e.getKey(), e.getValue());
    }
    Pool pool = engine.createPool(name, vdevs, props);
    cache.put(name, paths);
    return pool;
  }

  /** Imports a pool; without devices, from the files in the pool directory. */
  public Pool importPool(String nameOrGuid, List<Path> devices) throws IOException {
    List<Path> paths = new ArrayList<>(devices);
    if (paths.isEmpty() && Files.isDirectory(poolDirectory())) {
      try (Stream<Path> files = Files.list(poolDirectory())) {
        files.filter(f -> f.toString().endsWith(".img")).sorted().forEach(paths::add);
      }
    }
    if (paths.isEmpty()) {
      throw new InvalidArgumentException(
          "no devices given and no pool files in " + poolDirectory());
    }
    Pool pool = engine.importPool(nameOrGuid, paths);
    cache.put(pool.name(), devicesOf(pool, paths));
    return pool;
  }

  /** Exports a pool and forgets it. */
  public void exportPool(String name) throws IOException {
    engine.exportPool(name);
    cache.remove(name);
  }

  private static List<Path> devicesOf(Pool pool, List<Path> candidates) throws IOException {
    List<Path> mine = new ArrayList<>();
    List<String> names = pool.devices().stream().map(d -> d.name()).toList();
    for (Path p : candidates) {
      if (names.contains(p.toString())
          || names.contains(p.toAbsolutePath().normalize().toString())) {
        mine.add(p);
      }
    }
    return mine.isEmpty() ? candidates : mine;
  }

  /** Writes everything out and closes the engine. */
  @Override
  public void close() throws IOException {
    try {
      engine.close();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
