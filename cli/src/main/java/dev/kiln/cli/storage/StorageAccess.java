package dev.kiln.cli.storage;

import java.nio.file.Path;

/**
 * Opens the storage engine of a data directory for local commands. The daemon module supplies the
 * implementation (it alone knows the engine); the CLI only sees {@code engine-api}.
 */
@FunctionalInterface
public interface StorageAccess {

  /**
   * Opens every pool of the data directory. Fails with a clear message when a running daemon owns
   * the directory.
   */
  StorageSession open(Path dataDir) throws Exception;
}
