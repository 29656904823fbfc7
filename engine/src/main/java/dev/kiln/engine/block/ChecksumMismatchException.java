package dev.kiln.engine.block;

import java.io.IOException;

/** A block's stored bytes do not match its pointer's checksum: corruption, never served as data. */
public final class ChecksumMismatchException extends IOException {

  private final BlockPointer pointer;

  /** Reports corruption of the block at {@code pointer}. */
  public ChecksumMismatchException(BlockPointer pointer, long actual) {
    super(
        "checksum mismatch at vdev %d offset %d (%d bytes): expected %016x, found %016x"
            .formatted(
                pointer.vdev(),
                pointer.offset(),
                pointer.physicalSize(),
                pointer.checksum(),
                actual));
    this.pointer = pointer;
  }

  /** The pointer whose block failed verification. */
  public BlockPointer pointer() {
    return pointer;
  }
}
