package dev.kiln.engine.space;

/**
 * One entry of an on-disk space map log: a range became allocated or free.
 *
 * @param free true for a FREE record, false for ALLOC
 * @param extent the range
 */
public record SpaceMapRecord(boolean free, Extent extent) {

  /** An ALLOC record. */
  public static SpaceMapRecord alloc(Extent extent) {
    return new SpaceMapRecord(false, extent);
  }

  /** A FREE record. */
  public static SpaceMapRecord free(Extent extent) {
    return new SpaceMapRecord(true, extent);
  }
}
