package dev.kiln.engine.fs;

import dev.kiln.engine.api.error.CorruptDataException;
import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.engine.api.fs.DosAttribute;
import dev.kiln.engine.api.fs.FileType;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * The mutable in-memory form of an inode item; encoded with a format version byte. Changes become
 * persistent only when the caller puts the encoded item back into the tree.
 */
final class Inode {

  /** Format version of the inode item. */
  static final int FORMAT = 1;

  private static final FileType[] TYPES = FileType.values();
  private static final int FLAG_ACL = 1;

  final long number;
  long generation;
  FileType type;
  int mode;
  int nlink;
  long uid;
  long gid;
  String ownerSid;
  String groupSid;
  long size;
  long allocated;
  long rdev;
  Instant atime;
  Instant mtime;
  Instant ctime;
  Instant birthtime;
  int dosBits;
  long change;
  long parent;
  long streamOwner;
  int recordSize;
  long nextCookie;
  long entryCount;
  long nextXattrId;
  boolean hasAcl;

  Inode(long number) {
    this.number = number;
  }

  boolean isStream() {
    return streamOwner != 0;
  }

  byte[] encode() {
    ItemWriter w =
        new ItemWriter()
            .u8(FORMAT)
            .u8(type.ordinal())
            .i32(mode)
            .i32(nlink)
            .i64(uid)
            .i64(gid)
            .string(ownerSid)
            .string(groupSid)
            .i64(size)
            .i64(allocated)
            .i64(rdev);
    time(w, atime);
    time(w, mtime);
    time(w, ctime);
    time(w, birthtime);
    return w.i32(dosBits)
        .i64(change)
        .i64(generation)
        .i64(parent)
        .i64(streamOwner)
        .i32(recordSize)
        .i64(nextCookie)
        .i64(entryCount)
        .i64(nextXattrId)
        .u8(hasAcl ? FLAG_ACL : 0)
        .toBytes();
  }

  static Inode decode(long number, byte[] value) throws CorruptDataException {
    ItemReader r = new ItemReader(value, "inode " + number);
    int format = Byte.toUnsignedInt(r.u8());
    if (format != FORMAT) {
      throw r.corrupt("unsupported inode format " + format);
    }
    Inode n = new Inode(number);
    int t = Byte.toUnsignedInt(r.u8());
    if (t >= TYPES.length) {
      throw r.corrupt("unknown type " + t);
    }
    n.type = TYPES[t];
    n.mode = r.i32();
    if ((n.mode & ~07777) != 0) {
      throw r.corrupt("mode bits outside 07777");
    }
    n.nlink = r.i32();
    n.uid = r.i64();
    n.gid = r.i64();
    n.ownerSid = r.string();
    n.groupSid = r.string();
    n.size = r.i64();
    n.allocated = r.i64();
    n.rdev = r.i64();
    n.atime = time(r);
    n.mtime = time(r);
    n.ctime = time(r);
    n.birthtime = time(r);
    n.dosBits = r.i32();
    n.change = r.i64();
    n.generation = r.i64();
    n.parent = r.i64();
    n.streamOwner = r.i64();
    n.recordSize = r.i32();
    n.nextCookie = r.i64();
    n.entryCount = r.i64();
    n.nextXattrId = r.i64();
    n.hasAcl = (r.u8() & FLAG_ACL) != 0;
    r.end();
    return n;
  }

  private static void time(ItemWriter w, Instant t) {
    w.i64(t.getEpochSecond()).i32(t.getNano());
  }

  private static Instant time(ItemReader r) throws CorruptDataException {
    long s = r.i64();
    int nanos = r.i32();
    if (nanos < 0 || nanos > 999_999_999) {
      throw r.corrupt("bad nanoseconds " + nanos);
    }
    try {
      return Instant.ofEpochSecond(s, nanos);
    } catch (java.time.DateTimeException e) {
      throw r.corrupt("time out of range");
    }
  }

  Set<DosAttribute> dos() {
    Set<DosAttribute> out = EnumSet.noneOf(DosAttribute.class);
    for (DosAttribute a : DosAttribute.values()) {
      if ((dosBits & a.bit()) != 0) {
        out.add(a);
      }
    }
    return out;
  }

  static int dosBits(Set<DosAttribute> set) {
    int bits = 0;
    for (DosAttribute a : set) {
      bits |= a.bit();
    }
    return bits;
  }

  Attributes attributes() {
    return new Attributes(
        number,
        generation,
        type,
        mode,
        nlink,
        uid,
        gid,
        ownerSid,
        groupSid,
        type == FileType.DIRECTORY ? entryCount : size,
        allocated,
        rdev,
        atime,
        mtime,
        ctime,
        birthtime,
        dos(),
        change);
  }
}
