package dev.kiln.engine.dataset;

import dev.kiln.engine.block.BlockPointer;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * A snapshot in memory: the retained root, its deadlist (blocks its predecessor held and it no
 * longer does) and its accounting. Guarded by the owning dataset's lock.
 */
final class SnapshotState {

  final long id;
  final long guid;
  String name;
  final long txg;
  final long creationMillis;
  final BlockPointer root;
  final ByteCount referenced;
  final Set<String> holds = new ConcurrentSkipListSet<>();
  Deadlist deadlist;
  ByteCount originDroppedAtCreation = ByteCount.ZERO;

  SnapshotState(
      long id,
      long guid,
      String name,
      long txg,
      long creationMillis,
      BlockPointer root,
      ByteCount referenced,
      Deadlist deadlist) {
    this.id = id;
    this.guid = guid;
    this.name = name;
    this.txg = txg;
    this.creationMillis = creationMillis;
    this.root = root;
    this.referenced = referenced;
    this.deadlist = deadlist;
  }
}
