package dev.kiln.smb.fscc;

import dev.kiln.engine.api.error.NoSuchAttributeException;
import dev.kiln.engine.api.fs.FileSystem;
import dev.kiln.engine.api.fs.XattrSetMode;
import dev.kiln.smb.protocol.SmbStatusException;
import dev.kiln.smb.protocol.SmbWriter;
import dev.kiln.smb.protocol.StatusEaListInconsistent;
import dev.kiln.smb.protocol.StatusInvalidEaName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Extended attributes as SMB carries them: FILE_FULL_EA_INFORMATION lists ([MS-FSCC] 2.4.15) in
 * SET_INFO, QUERY_INFO and the ExtA create context, FILE_GET_EA_INFORMATION name lists (2.4.15.1)
 * in QUERY_INFO, stored as the engine's {@code user.} xattrs (as Samba stores them, so SFTP and
 * NFSv4 clients see the same names). Names are ASCII and compared without case: they are stored in
 * upper case, as NTFS does.
 */
public final class ExtendedAttributes {

  /** The xattr namespace EAs live in. */
  public static final String PREFIX = "user.";

  /** FILE_NEED_EA: the only flag an entry may carry. */
  public static final int NEED_EA = 0x80;

  /** Characters an EA name must not contain besides controls ([MS-FSCC] 2.4.15). */
  private static final String INVALID = "\"*+,/:;<=>?[\\]|";

  /**
   * One extended attribute.
   *
   * @param flags 0 or {@link #NEED_EA}
   * @param name the name, in upper case
   * @param value the value; empty in a SET means delete
   */
  public record Ea(int flags, String name, byte[] value) {}

  private ExtendedAttributes() {}

  /**
   * Parses a FILE_FULL_EA_INFORMATION list at {@code off} of {@code len} bytes of {@code buf}:
   * entries out of the buffer or a bad flag are STATUS_EA_LIST_INCONSISTENT, a bad name
   * STATUS_INVALID_EA_NAME.
   */
  public static List<Ea> parseFull(byte[] buf, int off, int len) throws SmbStatusException {
    List<Ea> out = new ArrayList<>();
    int end = off + len;
    int p = off;
    while (true) {
      if (end - p < 8) {
        throw new StatusEaListInconsistent("truncated EA entry");
      }
      long next = u32(buf, p);
      int flags = buf[p + 4] & 0xff;
      int nameLen = buf[p + 5] & 0xff;
      int valueLen = (buf[p + 6] & 0xff) | (buf[p + 7] & 0xff) << 8;
      long entryEnd = (long) p + 8 + nameLen + 1 + valueLen;
      if (entryEnd > end || (next != 0 && next < entryEnd - p)) {
        throw new StatusEaListInconsistent("EA entry beyond its buffer or its successor");
      }
      if ((flags & ~NEED_EA) != 0) {
        throw new StatusEaListInconsistent("EA flags " + flags);
      }
      if (buf[p + 8 + nameLen] != 0) {
        throw new StatusEaListInconsistent("EA name not NUL-terminated");
      }
      String name = name(buf, p + 8, nameLen);
      byte[] value = new byte[valueLen];
      System.arraycopy(buf, p + 9 + nameLen, value, 0, valueLen);
      out.add(new Ea(flags, name, value));
      if (next == 0) {
        return out;
      }
      if (next > end - p) {
        throw new StatusEaListInconsistent("NextEntryOffset beyond the buffer");
      }
      p += (int) next;
    }
  }

  /** Parses a FILE_GET_EA_INFORMATION name list ([MS-FSCC] 2.4.15.1). */
  public static List<String> parseNames(byte[] buf, int off, int len) throws SmbStatusException {
    List<String> out = new ArrayList<>();
    int end = off + len;
    int p = off;
    while (true) {
      if (end - p < 6) {
        throw new StatusEaListInconsistent("truncated EA name entry");
      }
      long next = u32(buf, p);
      int nameLen = buf[p + 4] & 0xff;
      if (p + 5 + nameLen + 1 > end) {
        throw new StatusEaListInconsistent("EA name beyond its buffer");
      }
      out.add(name(buf, p + 5, nameLen));
      if (next == 0) {
        return out;
      }
      if (next < 5 + nameLen + 1 || next > end - p) {
        throw new StatusEaListInconsistent("NextEntryOffset " + next);
      }
      p += (int) next;
    }
  }

  private static String name(byte[] buf, int off, int len) throws StatusInvalidEaName {
    if (len == 0) {
      throw new StatusInvalidEaName("empty EA name");
    }
    for (int i = off; i < off + len; i++) {
      int c = buf[i] & 0xff;
      if (c < 0x20 || c > 0x7e || INVALID.indexOf(c) >= 0) {
        throw new StatusInvalidEaName("EA name character " + c);
      }
    }
    return new String(buf, off, len, StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT);
  }

  /**
   * Appends the entries of {@code eas} that fit in {@code limit} bytes as a
   * FILE_FULL_EA_INFORMATION list (each entry 4-byte aligned) and returns how many fit.
   */
  public static int encode(SmbWriter w, List<Ea> eas, long limit) {
    int start = w.position();
    int prevAt = -1;
    int count = 0;
    for (Ea ea : eas) {
      int pad = (4 - ((w.position() - start) & 3)) & 3;
      byte[] name = ea.name().getBytes(StandardCharsets.US_ASCII);
      long size = 8L + name.length + 1 + ea.value().length;
      if (w.position() - start + (prevAt < 0 ? 0 : pad) + size > limit) {
        break;
      }
      if (prevAt >= 0) {
        w.zeros(pad);
        w.set32(prevAt, w.position() - prevAt);
      }
      prevAt = w.position();
      w.u32(0).u8(ea.flags()).u8(name.length).u16(ea.value().length);
      w.bytes(name).u8(0).bytes(ea.value());
      count++;
    }
    return count;
  }

  /** The EaSize of FileEaInformation ([MS-FSCC] 2.4.13): the bytes {@link #encode} needs. */
  public static int size(List<Ea> eas) {
    int size = 0;
    for (int i = 0; i < eas.size(); i++) {
      Ea ea = eas.get(i);
      int entry = 8 + ea.name().length() + 1 + ea.value().length;
      size += i < eas.size() - 1 ? (entry + 3) & ~3 : entry;
    }
    return size;
  }

  /** The EAs of an inode, sorted by name. */
  public static List<Ea> read(FileSystem fs, long inode) throws IOException {
    List<Ea> out = new ArrayList<>();
    for (String x : fs.listXattrs(inode)) {
      if (x.startsWith(PREFIX) && x.length() > PREFIX.length()) {
        try {
          out.add(new Ea(0, x.substring(PREFIX.length()), fs.getXattr(inode, x)));
        } catch (NoSuchAttributeException e) {
          // Removed meanwhile.
        }
      }
    }
    return out;
  }

  /** Applies a SET list: an empty value removes the EA ([MS-FSCC] 2.4.15), others replace. */
  public static void apply(FileSystem fs, long inode, List<Ea> eas) throws IOException {
    for (Ea ea : eas) {
      String x = PREFIX + ea.name();
      if (ea.value().length == 0) {
        try {
          fs.removeXattr(inode, x);
        } catch (NoSuchAttributeException e) {
          // Deleting an absent EA succeeds.
        }
      } else {
        fs.setXattr(inode, x, ea.value(), XattrSetMode.EITHER);
      }
    }
  }

  private static long u32(byte[] b, int p) {
    return (b[p] & 0xffL)
        | (b[p + 1] & 0xffL) << 8
        | (b[p + 2] & 0xffL) << 16
        | (b[p + 3] & 0xffL) << 24;
  }
}
