package dev.kiln.engine.pool;

import dev.kiln.engine.block.BlockPointer;

/** Something an administrator must hear about: corruption or a failing device. */
public sealed interface PoolAlert {

  /** The pool concerned. */
  String pool();

  /** A block's stored bytes did not match its checksum; the read failed. */
  record ChecksumError(String pool, int vdev, String device, BlockPointer pointer, long actual)
      implements PoolAlert {}

  /** A device read or write failed. */
  record IoError(
      String pool, int vdev, String device, String operation, long offset, String message)
      implements PoolAlert {}

  /** A label or an uberblock copy is damaged (other copies still work). */
  record LabelDamaged(String pool, int vdev, String device, int label, String message)
      implements PoolAlert {}
}
