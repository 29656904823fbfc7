package dev.kiln.engine.block;

/** Block checksum algorithms; the id is the on-disk value. */
public enum ChecksumType {
  /** CRC-32C in the high 32 bits and CRC-32 in the low 32 bits: two intrinsified CRCs. */
  CRC32C_CRC32(1);

  private final byte id;

  ChecksumType(int id) {
    this.id = (byte) id;
  }

  /** The on-disk identifier. */
  public byte id() {
    return id;
  }

  /** The algorithm with this on-disk identifier. */
  public static ChecksumType ofId(byte id) {
    for (ChecksumType c : values()) {
      if (c.id == id) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown checksum id " + id);
  }
}
