package dev.kiln.daemon.storage;

import dev.kiln.cli.state.AlreadyRunningException;
import dev.kiln.cli.state.DataDirLock;
import dev.kiln.cli.storage.StorageAccess;
import dev.kiln.cli.storage.StorageSession;
import dev.kiln.engine.api.manage.EngineOptions;
import dev.kiln.engine.api.manage.Pool;
import dev.kiln.engine.api.manage.StorageEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@link StorageAccess} for local commands: takes the data-directory lock (so a running daemon and
 * a command never share a pool), opens the pools, and on close syncs and releases them.
 */
public final class LocalStorage implements StorageAccess {

  @Override
  public StorageSession open(Path dataDir) throws Exception {
    Files.createDirectories(dataDir);
    DataDirLock lock;
    try {
      lock = DataDirLock.acquire(dataDir);
    } catch (AlreadyRunningException e) {
      throw new IOException(
          "the running daemon owns the pools of "
              + dataDir
              + DataDirLock.holderPid(dataDir).map(p -> " (pid " + p + ")").orElse("")
              + ": stop it first; managing a running appliance comes with the REST API",
          e);
    }
    try {
      PoolSet pools =
          PoolSet.open(dataDir, new EngineOptions(Clock.systemUTC(), 64L << 20, Duration.ZERO));
      return new Session(pools, lock);
    } catch (Exception e) {
      lock.close();
      throw e;
    }
  }

  private record Session(PoolSet pools, DataDirLock lock) implements StorageSession {

    @Override
    public StorageEngine engine() {
      return pools.engine();
    }

    @Override
    public Path poolDirectory() {
      return pools.poolDirectory();
    }

    @Override
    public Pool createPool(
        String name, List<Path> devices, long sizeBytes, Map<String, String> properties)
        throws Exception {
      return pools.createPool(name, devices, sizeBytes, properties);
    }

    @Override
    public Pool importPool(String nameOrGuid, List<Path> devices) throws Exception {
      return pools.importPool(nameOrGuid, devices);
    }

    @Override
    public void exportPool(String name) throws Exception {
      pools.exportPool(name);
    }

    @Override
    public void close() throws Exception {
      try {
        pools.close();
      } finally {
        lock.close();
      }
    }
  }
}
