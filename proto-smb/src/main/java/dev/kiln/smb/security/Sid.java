package dev.kiln.smb.security;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * A security identifier ([MS-DTYP] 2.4.2): revision 1, a 48-bit identifier authority and up to 15
 * 32-bit sub-authorities; string form {@code S-1-<authority>-<sub>...} (2.4.2.1).
 *
 * @param authority the identifier authority
 * @param subAuthorities the sub-authorities, each an unsigned 32-bit value
 */
public record Sid(long authority, long[] subAuthorities) {

  /** S-1-1-0, Everyone. */
  public static final Sid EVERYONE = of("S-1-1-0");

  /** S-1-3-0, CREATOR OWNER (stands for the creator in inheritable entries). */
  public static final Sid CREATOR_OWNER = of("S-1-3-0");

  /** S-1-3-1, CREATOR GROUP. */
  public static final Sid CREATOR_GROUP = of("S-1-3-1");

  /** S-1-5-32-544, BUILTIN\Administrators. */
  public static final Sid ADMINISTRATORS = of("S-1-5-32-544");

  /** The "Unix user" authority Samba also uses: S-1-22-1-uid. */
  private static final long UNIX_AUTHORITY = 22;

  /** Checks the ranges and copies the array. */
  public Sid {
    if (authority < 0 || authority > 0xffff_ffff_ffffL) {
      throw new IllegalArgumentException("SID authority out of range: " + authority);
    }
    if (subAuthorities.length > 15) {
      throw new IllegalArgumentException("a SID has at most 15 sub-authorities");
    }
    subAuthorities = subAuthorities.clone();
    for (long s : subAuthorities) {
      if (s < 0 || s > 0xffff_ffffL) {
        throw new IllegalArgumentException("SID sub-authority out of range: " + s);
      }
    }
  }

  /** The SID of a string form; an IllegalArgumentException for anything else. */
  public static Sid of(String text) {
    try {
      return parse(text);
    } catch (InvalidSecurityDescriptorException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** A copy of the sub-authorities. */
  @Override
  public long[] subAuthorities() {
    return subAuthorities.clone();
  }

  /** Parses {@code S-1-...}. */
  public static Sid parse(String text) throws InvalidSecurityDescriptorException {
    String[] parts = text.split("-", -1);
    if (parts.length < 3 || !parts[0].equalsIgnoreCase("S") || !parts[1].equals("1")) {
      throw new InvalidSecurityDescriptorException("not a SID string: " + text);
    }
    try {
      String a = parts[2];
      long authority =
          a.startsWith("0x") || a.startsWith("0X")
              ? Long.parseLong(a.substring(2), 16)
              : Long.parseLong(a);
      long[] subs = new long[parts.length - 3];
      for (int i = 0; i < subs.length; i++) {
        if (parts[i + 3].isEmpty() || !parts[i + 3].chars().allMatch(Character::isDigit)) {
          throw new NumberFormatException(parts[i + 3]);
        }
        subs[i] = Long.parseLong(parts[i + 3]);
      }
      return new Sid(authority, subs);
    } catch (IllegalArgumentException e) {
      throw new InvalidSecurityDescriptorException("not a SID string: " + text);
    }
  }

  /** The SID of Kiln user {@code uid}: S-1-22-1-uid. */
  public static Sid unixUser(long uid) {
    return new Sid(UNIX_AUTHORITY, new long[] {1, uid});
  }

  /** The SID of Kiln group {@code gid}: S-1-22-2-gid. */
  public static Sid unixGroup(long gid) {
    return new Sid(UNIX_AUTHORITY, new long[] {2, gid});
  }

  /** The uid when this is S-1-22-1-uid. */
  public java.util.OptionalLong uid() {
    return unix(1);
  }

  /** The gid when this is S-1-22-2-gid. */
  public java.util.OptionalLong gid() {
    return unix(2);
  }

  private java.util.OptionalLong unix(long kind) {
    return authority == UNIX_AUTHORITY && subAuthorities.length == 2 && subAuthorities[0] == kind
        ? java.util.OptionalLong.of(subAuthorities[1])
        : java.util.OptionalLong.empty();
  }

  /** The binary length: 8 + 4 per sub-authority. */
  public int length() {
    return 8 + 4 * subAuthorities.length;
  }

  /** The binary form ([MS-DTYP] 2.4.2.2): authority big-endian, sub-authorities little-endian. */
  public byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(length());
    out.write(1);
    out.write(subAuthorities.length);
    for (int i = 5; i >= 0; i--) {
      out.write((int) (authority >>> (8 * i)));
    }
    for (long s : subAuthorities) {
      for (int i = 0; i < 4; i++) {
        out.write((int) (s >>> (8 * i)));
      }
    }
    return out.toByteArray();
  }

  /** Decodes the SID at {@code buf[off]} that must end by {@code end}. */
  public static Sid decode(byte[] buf, int off, int end) throws InvalidSecurityDescriptorException {
    if (off < 0 || end > buf.length || off + 8 > end) {
      throw new InvalidSecurityDescriptorException("truncated SID");
    }
    if (buf[off] != 1) {
      throw new InvalidSecurityDescriptorException("SID revision " + buf[off]);
    }
    int count = buf[off + 1] & 0xff;
    if (count > 15 || off + 8 + 4 * count > end) {
      throw new InvalidSecurityDescriptorException("truncated SID or too many sub-authorities");
    }
    long authority = 0;
    for (int i = 0; i < 6; i++) {
      authority = authority << 8 | (buf[off + 2 + i] & 0xff);
    }
    long[] subs = new long[count];
    for (int i = 0; i < count; i++) {
      int at = off + 8 + 4 * i;
      subs[i] =
          (buf[at] & 0xffL)
              | (buf[at + 1] & 0xffL) << 8
              | (buf[at + 2] & 0xffL) << 16
              | (buf[at + 3] & 0xffL) << 24;
    }
    return new Sid(authority, subs);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("S-1-");
    b.append(
        authority < (1L << 32)
            ? Long.toString(authority)
            : "0x" + Long.toHexString(authority).toUpperCase(java.util.Locale.ROOT));
    for (long s : subAuthorities) {
      b.append('-').append(s);
    }
    return b.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Sid s
        && s.authority == authority
        && Arrays.equals(s.subAuthorities, subAuthorities);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(authority) * 31 + Arrays.hashCode(subAuthorities);
  }
}
