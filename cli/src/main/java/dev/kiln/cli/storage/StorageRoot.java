package dev.kiln.cli.storage;

/** A top-level storage command ({@code pool}, {@code dataset}, ...) that carries the access. */
interface StorageRoot {

  /** How to open the engine. */
  StorageAccess access();
}
