package dev.kiln.engine.api.fs;

/**
 * DOS/Windows attribute bits stored per inode for SMB; the bit values are the Windows ones.
 *
 * <p>The engine stores these bits; it does not enforce READONLY (the SMB front end does), and it
 * reports SPARSE as stored, not derived from holes.
 */
public enum DosAttribute {
  READONLY(0x1),
  HIDDEN(0x2),
  SYSTEM(0x4),
  ARCHIVE(0x20),
  TEMPORARY(0x100),
  SPARSE(0x200),
  OFFLINE(0x1000),
  NOT_CONTENT_INDEXED(0x2000);

  private final int bit;

  DosAttribute(int bit) {
    this.bit = bit;
  }

  /** The Windows FILE_ATTRIBUTE_* bit value. */
  public int bit() {
    return bit;
  }
}
