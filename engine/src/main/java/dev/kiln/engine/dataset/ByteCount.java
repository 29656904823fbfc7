package dev.kiln.engine.dataset;

import dev.kiln.engine.block.BlockPointer;

/**
 * Space of a set of blocks.
 *
 * @param allocated bytes taken on the devices (sector-rounded): what {@code used} reports
 * @param physical stored bytes (after compression)
 * @param logical bytes before compression
 */
public record ByteCount(long allocated, long physical, long logical) {

  /** Nothing. */
  public static final ByteCount ZERO = new ByteCount(0, 0, 0);

  /** The space of one block on a pool with sectors of {@code 1 << ashift} bytes. */
  public static ByteCount of(BlockPointer bp, int ashift) {
    long sector = 1L << ashift;
    long rounded = Math.max(sector, (bp.physicalSize() + sector - 1) / sector * sector);
    return new ByteCount(rounded, bp.physicalSize(), bp.logicalSize());
  }

  /** The sum. */
  public ByteCount plus(ByteCount o) {
    return new ByteCount(allocated + o.allocated, physical + o.physical, logical + o.logical);
  }

  /** The difference. */
  public ByteCount minus(ByteCount o) {
    return new ByteCount(allocated - o.allocated, physical - o.physical, logical - o.logical);
  }
}
