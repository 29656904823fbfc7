package dev.kiln.engine.fs;

import dev.kiln.engine.api.error.CorruptDataException;

/**
 * The object-set header item (object 0): counters shared by the whole file system.
 *
 * @param rootInode the root directory's inode number
 * @param nextInode the next inode number to hand out (numbers are never reused)
 * @param lastGeneration the last generation handed out (generations are global and never repeat)
 * @param changeCounter the last change-counter value handed out
 * @param inodeCount inodes alive (for statfs)
 */
record FsHeader(
    long rootInode, long nextInode, long lastGeneration, long changeCounter, long inodeCount) {

  /** Format version of this item. */
  static final int FORMAT = 1;

  /** Magic "KFS1" so a volume's tree is never mistaken for a file system. */
  static final int MAGIC = 0x4b465331;

  byte[] encode() {
    return new ItemWriter()
        .i32(MAGIC)
        .u8(FORMAT)
        .i64(rootInode)
        .i64(nextInode)
        .i64(lastGeneration)
        .i64(changeCounter)
        .i64(inodeCount)
        .toBytes();
  }

  static FsHeader decode(byte[] value) throws CorruptDataException {
    ItemReader r = new ItemReader(value, "file system header");
    if (r.i32() != MAGIC) {
      throw r.corrupt("bad magic: this tree is not a file system");
    }
    int format = Byte.toUnsignedInt(r.u8());
    if (format != FORMAT) {
      throw r.corrupt("unsupported format version " + format);
    }
    FsHeader h = new FsHeader(r.i64(), r.i64(), r.i64(), r.i64(), r.i64());
    r.end();
    return h;
  }

  FsHeader withChange(long change) {
    return new FsHeader(rootInode, nextInode, lastGeneration, change, inodeCount);
  }
}
