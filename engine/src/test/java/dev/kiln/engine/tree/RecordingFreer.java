package dev.kiln.engine.tree;

import dev.kiln.engine.block.BlockPointer;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link BlockFreer} that records what it is given and, when {@code freeInStore}, frees it in the
 * store (as the dataset layer does for blocks born after the last snapshot). With {@code false} it
 * behaves like a deadlist keeping every block for snapshots.
 */
final class RecordingFreer implements BlockFreer {

  private final MemoryBlockStore store;
  private final boolean freeInStore;
  private final List<BlockPointer> released = new ArrayList<>();

  RecordingFreer(MemoryBlockStore store, boolean freeInStore) {
    this.store = store;
    this.freeInStore = freeInStore;
  }

  @Override
  public void release(BlockPointer pointer, long txg) {
    released.add(pointer);
    if (freeInStore) {
      store.free(pointer, txg);
    }
  }

  /** Everything released since the last call, then forgets it. */
  List<BlockPointer> drain() {
    List<BlockPointer> out = List.copyOf(released);
    released.clear();
    return out;
  }
}
