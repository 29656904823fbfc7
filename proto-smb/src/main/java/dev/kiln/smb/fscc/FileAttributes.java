package dev.kiln.smb.fscc;

import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.engine.api.fs.DosAttribute;
import java.util.EnumSet;
import java.util.Set;

/** FILE_ATTRIBUTE_* values ([MS-FSCC] 2.6) from and to engine attributes. */
public final class FileAttributes {

  /** FILE_ATTRIBUTE_READONLY. */
  public static final int READONLY = 0x1;

  /** FILE_ATTRIBUTE_DIRECTORY. */
  public static final int DIRECTORY = 0x10;

  /** FILE_ATTRIBUTE_ARCHIVE. */
  public static final int ARCHIVE = 0x20;

  /** FILE_ATTRIBUTE_NORMAL. */
  public static final int NORMAL = 0x80;

  /** FILE_ATTRIBUTE_TEMPORARY. */
  public static final int TEMPORARY = 0x100;

  /** Bits a client may set (the stored DOS bits). */
  public static final int SETTABLE = 0x1 | 0x2 | 0x4 | 0x20 | 0x100 | 0x1000 | 0x2000;

  /** Every defined bit a client may send in CREATE or SET_INFO. */
  public static final int VALID = 0x7FB7;

  private FileAttributes() {}

  /** The attribute word of an inode. */
  public static int of(Attributes a) {
    int v = 0;
    for (DosAttribute d : a.dosAttributes()) {
      v |= d.bit();
    }
    if (a.isDirectory()) {
      v |= DIRECTORY;
    }
    return v == 0 ? NORMAL : v;
  }

  /** The DOS attribute set of a client's attribute word (bits it cannot set are dropped). */
  public static Set<DosAttribute> dos(int bits) {
    Set<DosAttribute> s = EnumSet.noneOf(DosAttribute.class);
    for (DosAttribute d : DosAttribute.values()) {
      if ((bits & d.bit()) != 0) {
        s.add(d);
      }
    }
    return s;
  }
}
