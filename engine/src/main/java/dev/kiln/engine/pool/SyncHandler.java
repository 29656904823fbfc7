package dev.kiln.engine.pool;

import dev.kiln.engine.block.BlockPointer;
import java.io.IOException;

/**
 * The layer above's part of a txg commit: write the dirty state of {@code txg} through the pool's
 * block store (with that txg) and return the new root of the meta object, which the uberblock will
 * reference. Return {@code currentRoot} when nothing changed.
 */
@FunctionalInterface
public interface SyncHandler {

  /** Writes txg {@code txg}'s dirty state; returns the meta root to commit (null for none). */
  BlockPointer sync(long txg, BlockPointer currentRoot) throws IOException;
}
