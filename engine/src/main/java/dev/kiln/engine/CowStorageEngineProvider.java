package dev.kiln.engine;

import dev.kiln.engine.api.manage.EngineOptions;
import dev.kiln.engine.api.manage.StorageEngine;
import dev.kiln.engine.api.manage.StorageEngineProvider;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Registers the copy-on-write engine with {@link java.util.ServiceLoader}, so the daemon, the CLI
 * and tools open it through {@code engine-api} alone.
 */
public final class CowStorageEngineProvider implements StorageEngineProvider {

  /** Dirty data that starts a transaction group early, whatever the interval. */
  private static final long DIRTY_THRESHOLD = 256L << 20;

  @Override
  public StorageEngine open(EngineOptions options) {
    ScheduledExecutorService scheduler = null;
    if (!options.txgInterval().isZero()) {
      // Daemon threads: the engine's close() performs the final sync; the timer must not keep
      // the JVM alive on its own.
      scheduler =
          Executors.newSingleThreadScheduledExecutor(
              Thread.ofPlatform().name("kiln-txg-sync").daemon(true).factory());
    }
    return new CowStorageEngine(
            options.clock(),
            scheduler,
            options.txgInterval().isZero()
                ? options.txgInterval().plusSeconds(5)
                : options.txgInterval(),
            DIRTY_THRESHOLD)
        .withCacheBytes(options.cacheBytes());
  }
}
