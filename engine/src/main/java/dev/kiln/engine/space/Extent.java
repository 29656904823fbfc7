package dev.kiln.engine.space;

/**
 * A contiguous byte range on one device.
 *
 * @param vdev device index in the pool
 * @param offset first byte
 * @param length bytes, positive
 */
public record Extent(int vdev, long offset, long length) {

  /** Validates the range. */
  public Extent {
    if (vdev < 0 || offset < 0 || length <= 0 || offset + length < offset) {
      throw new IllegalArgumentException(
          "invalid extent vdev=%d offset=%d length=%d".formatted(vdev, offset, length));
    }
  }

  /** End (exclusive). */
  public long end() {
    return offset + length;
  }

  /** Whether the two extents share a byte. */
  public boolean overlaps(Extent other) {
    return vdev == other.vdev && offset < other.end() && other.offset < end();
  }

  /** Whether every byte of {@code other} is in this extent. */
  public boolean contains(Extent other) {
    return vdev == other.vdev && offset <= other.offset && other.end() <= end();
  }
}
