package dev.kiln.engine.block;

/** Block compression algorithms; the id is the on-disk value. */
public enum Compression {
  OFF(0),
  LZ4(1),
  ZSTD(2);

  private final byte id;

  Compression(int id) {
    this.id = (byte) id;
  }

  /** The on-disk identifier. */
  public byte id() {
    return id;
  }

  /** The algorithm with this on-disk identifier. */
  public static Compression ofId(byte id) {
    for (Compression c : values()) {
      if (c.id == id) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown compression id " + id);
  }
}
