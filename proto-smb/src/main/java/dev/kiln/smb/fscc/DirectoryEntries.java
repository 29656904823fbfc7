package dev.kiln.smb.fscc;

import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.smb.protocol.FileTime;
import dev.kiln.smb.protocol.SmbWriter;

/**
 * Directory entries of QUERY_DIRECTORY ([MS-FSCC] 2.4.10 FileDirectoryInformation, 2.4.14
 * FileFullDirectoryInformation, 2.4.8 FileBothDirectoryInformation, 2.4.17
 * FileIdBothDirectoryInformation, 2.4.18 FileIdFullDirectoryInformation, 2.4.28
 * FileNamesInformation), with {@link ShortNames} as the short names.
 */
public final class DirectoryEntries {

  private DirectoryEntries() {}

  /** Whether QUERY_DIRECTORY supports the class. */
  public static boolean supported(int infoClass) {
    return switch (infoClass) {
      case InfoClass.FILE_DIRECTORY,
          InfoClass.FILE_FULL_DIRECTORY,
          InfoClass.FILE_BOTH_DIRECTORY,
          InfoClass.FILE_NAMES,
          InfoClass.FILE_ID_BOTH_DIRECTORY,
          InfoClass.FILE_ID_FULL_DIRECTORY ->
          true;
      default -> false;
    };
  }

  /** Appends one entry (NextEntryOffset left 0); returns its start. */
  public static int write(SmbWriter w, int infoClass, String name, Attributes a) {
    int start = w.position();
    w.u32(0).u32(0);
    if (infoClass == InfoClass.FILE_NAMES) {
      int lenAt = w.position();
      w.u32(0);
      w.set32(lenAt, w.utf16(name));
      return start;
    }
    w.u64(FileTime.of(a.birthtime()))
        .u64(FileTime.of(a.atime()))
        .u64(FileTime.of(a.mtime()))
        .u64(FileTime.of(a.ctime()));
    w.u64(a.isDirectory() ? 0 : a.size());
    w.u64(a.isDirectory() ? 0 : (Math.max(0, a.allocatedSize()) + 4095) & ~4095L);
    w.u32(FileAttributes.of(a));
    int lenAt = w.position();
    w.u32(0);
    if (infoClass != InfoClass.FILE_DIRECTORY) {
      w.u32(0); // EaSize
    }
    if (infoClass == InfoClass.FILE_BOTH_DIRECTORY
        || infoClass == InfoClass.FILE_ID_BOTH_DIRECTORY) {
      int at = w.position();
      w.u8(0).u8(0).zeros(24);
      byte[] shortName = ShortNames.of(name).getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
      int n = Math.min(24, shortName.length);
      w.array()[at] = (byte) n;
      System.arraycopy(shortName, 0, w.array(), at + 2, n);
    }
    if (infoClass == InfoClass.FILE_ID_BOTH_DIRECTORY) {
      w.u16(0).u64(a.inode());
    } else if (infoClass == InfoClass.FILE_ID_FULL_DIRECTORY) {
      w.u32(0).u64(a.inode());
    }
    w.set32(lenAt, w.utf16(name));
    return start;
  }
}
