package dev.kiln.engine.fs;

import dev.kiln.engine.api.error.CorruptDataException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The value of a name-index item: every name whose hash is the item's offset (almost always one;
 * more only on a 64-bit hash collision), each with its cookie or id, inode and type.
 */
final class NameList {

  /** One name of the list. */
  record Name(String name, long cookie, long inode, int type) {}

  private NameList() {}

  /** The on-disk hash of a name (FNV-1a 64 over UTF-8 with a final avalanche mix). */
  static long hash(String name) {
    long h = 0xcbf29ce484222325L;
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return h;
  }

  static byte[] encode(List<Name> names) {
    ItemWriter w = new ItemWriter().u16(names.size());
    for (Name n : names) {
      w.i64(n.cookie()).i64(n.inode()).u8(n.type()).string(n.name());
    }
    return w.toBytes();
  }

  static List<Name> decode(byte[] value) throws CorruptDataException {
    ItemReader r = new ItemReader(value, "name index");
    int count = r.u16();
    List<Name> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long cookie = r.i64();
      long inode = r.i64();
      int type = Byte.toUnsignedInt(r.u8());
      String name = r.string();
      if (name == null) {
        throw r.corrupt("null name");
      }
      out.add(new Name(name, cookie, inode, type));
    }
    r.end();
    return out;
  }
}
