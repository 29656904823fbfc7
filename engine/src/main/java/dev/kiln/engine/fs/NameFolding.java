package dev.kiln.engine.fs;

import dev.kiln.engine.api.error.CorruptDataException;
import dev.kiln.engine.api.fs.CaseSensitivity;
import dev.kiln.engine.tree.TreeKey;
import java.util.Optional;

/**
 * How a file system's directory name index compares names (ADR 012): the dataset's casesensitivity,
 * fixed when the file system is formatted and kept in its own item beside the header (absent:
 * sensitive, which is every file system formatted before it existed).
 *
 * <p>The name index keys a directory's names by a hash. On a sensitive file system that is the hash
 * of the exact name. On an insensitive or mixed one it is the hash of the folded name, so that
 * every spelling of a name lands in the same index item, which holds the names as created (case is
 * preserved); an insensitive lookup then compares folded names within that one item, so it costs
 * what an exact lookup costs. Mixed lookups are exact unless the caller asks to ignore case.
 *
 * <p>Folding is Unicode simple upper-casing of each code point ({@link Character#toUpperCase(int)},
 * no length changes, no normalization), as NTFS's upcase table and ZFS do.
 */
final class NameFolding {

  /** The item that records a file system's folding: object 0 (the header's), offset 1. */
  static final TreeKey KEY = ItemType.key(0, ItemType.HEADER, 1);

  /** Magic "KNF1" of the item. */
  private static final int MAGIC = 0x4b4e4631;

  static final NameFolding SENSITIVE = new NameFolding(CaseSensitivity.SENSITIVE);

  private final CaseSensitivity mode;

  private NameFolding(CaseSensitivity mode) {
    this.mode = mode;
  }

  /** The folding of a file system formatted with {@code mode}. */
  static NameFolding of(CaseSensitivity mode) {
    return mode == CaseSensitivity.SENSITIVE ? SENSITIVE : new NameFolding(mode);
  }

  /** The case sensitivity this folding implements. */
  CaseSensitivity mode() {
    return mode;
  }

  /** Whether the folding needs its item (everything but sensitive). */
  boolean stored() {
    return mode != CaseSensitivity.SENSITIVE;
  }

  /** The name-index hash of a directory entry named {@code name}. */
  long hash(String name) {
    return NameList.hash(mode == CaseSensitivity.SENSITIVE ? name : fold(name));
  }

  /** Whether the stored name {@code stored} is what a plain lookup of {@code wanted} finds. */
  boolean matches(String stored, String wanted) {
    return mode == CaseSensitivity.INSENSITIVE ? same(stored, wanted) : stored.equals(wanted);
  }

  /** Whether {@code stored} is what a lookup ignoring case finds (where the mode allows it). */
  boolean matchesIgnoringCase(String stored, String wanted) {
    return mode == CaseSensitivity.SENSITIVE ? stored.equals(wanted) : same(stored, wanted);
  }

  private static boolean same(String a, String b) {
    return a.equals(b) || fold(a).equals(fold(b));
  }

  /** {@code name} with every code point upper-cased by Unicode's simple case mapping. */
  static String fold(String name) {
    StringBuilder b = new StringBuilder(name.length());
    name.codePoints().forEach(cp -> b.appendCodePoint(Character.toUpperCase(cp)));
    return b.toString();
  }

  byte[] encode() {
    // On-disk codes, independent of the enum's order: 0 sensitive, 1 insensitive, 2 mixed.
    int code =
        switch (mode) {
          case SENSITIVE -> 0;
          case INSENSITIVE -> 1;
          case MIXED -> 2;
        };
    return new ItemWriter().i32(MAGIC).u8(code).toBytes();
  }

  /** The folding recorded in {@code item}; none recorded means sensitive. */
  static NameFolding decode(Optional<byte[]> item) throws CorruptDataException {
    if (item.isEmpty()) {
      return SENSITIVE;
    }
    ItemReader r = new ItemReader(item.get(), "name folding");
    if (r.i32() != MAGIC) {
      throw r.corrupt("bad magic");
    }
    int code = Byte.toUnsignedInt(r.u8());
    CaseSensitivity m =
        switch (code) {
          case 0 -> CaseSensitivity.SENSITIVE;
          case 1 -> CaseSensitivity.INSENSITIVE;
          case 2 -> CaseSensitivity.MIXED;
          default -> throw r.corrupt("unknown case sensitivity " + code);
        };
    r.end();
    return of(m);
  }
}
