package dev.kiln.cli.storage;

import dev.kiln.engine.api.manage.Pool;
import dev.kiln.engine.api.manage.StorageEngine;
import java.nio.file.Path;
import java.util.List;

/** An open storage engine for one local command; closing it writes everything out. */
public interface StorageSession extends AutoCloseable {

  /** The engine with the data directory's pools imported. */
  StorageEngine engine();

  /** Where new pool files go by default. */
  Path poolDirectory();

  /** Creates a pool and remembers its devices for the next start. */
  Pool createPool(
      String name, List<Path> devices, long sizeBytes, java.util.Map<String, String> properties)
      throws Exception;

  /**
   * Imports a pool from devices (the pool directory's files when none are given) and remembers it.
   */
  Pool importPool(String nameOrGuid, List<Path> devices) throws Exception;

  /** Exports a pool and forgets it. */
  void exportPool(String name) throws Exception;

  /** Writes everything out and releases the engine and the data directory. */
  @Override
  void close() throws Exception;
}
