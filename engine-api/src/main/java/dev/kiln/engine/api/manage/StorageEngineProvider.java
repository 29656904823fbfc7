package dev.kiln.engine.api.manage;

import java.io.IOException;
import java.util.ServiceLoader;

/**
 * Opens the storage engine without naming its implementation: front ends, tools and the CLI depend
 * on {@code engine-api} only; the engine module registers itself through {@link ServiceLoader}.
 */
public interface StorageEngineProvider {

  /** Opens an engine with no pools imported yet. */
  StorageEngine open(EngineOptions options) throws IOException;

  /** The engine on the class path; a clear error when none is there. */
  static StorageEngineProvider load() {
    return ServiceLoader.load(StorageEngineProvider.class)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no storage engine on the class path (kiln-engine registers one)"));
  }
}
