package dev.kiln.smb.auth;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The slice of DER (X.690) that SPNEGO needs: definite lengths up to four bytes, single-byte tags.
 */
final class Der {

  /**
   * One TLV within a buffer.
   *
   * @param tag the identifier octet
   * @param buf the buffer
   * @param start where the TLV starts
   * @param valueOffset where its contents start
   * @param valueLength length of the contents
   */
  record Tlv(int tag, byte[] buf, int start, int valueOffset, int valueLength) {

    /** The contents. */
    byte[] value() {
      return Arrays.copyOfRange(buf, valueOffset, valueOffset + valueLength);
    }

    /** The whole TLV, header included. */
    byte[] encoded() {
      return Arrays.copyOfRange(buf, start, valueOffset + valueLength);
    }

    /** The TLVs inside a constructed value. */
    List<Tlv> children() throws LogonFailedException {
      List<Tlv> out = new ArrayList<>();
      int at = valueOffset;
      int end = valueOffset + valueLength;
      while (at < end) {
        Tlv t = read(buf, at, end);
        out.add(t);
        at = t.valueOffset + t.valueLength;
      }
      return out;
    }

    /** The only child, which must have {@code expectedTag}. */
    Tlv only(int expectedTag) throws LogonFailedException {
      List<Tlv> c = children();
      if (c.size() != 1 || c.get(0).tag != expectedTag) {
        throw new LogonFailedException(
            "malformed SPNEGO token: expected one element tagged "
                + Integer.toHexString(expectedTag));
      }
      return c.get(0);
    }
  }

  private Der() {}

  /** The TLV at {@code at}, which must end by {@code end}. */
  static Tlv read(byte[] buf, int at, int end) throws LogonFailedException {
    if (at < 0 || end > buf.length || at + 2 > end) {
      throw LogonFailedException.malformed("malformed SPNEGO token: truncated", new byte[0]);
    }
    int tag = buf[at] & 0xff;
    if ((tag & 0x1f) == 0x1f) {
      throw LogonFailedException.malformed("malformed SPNEGO token: multi-byte tag", new byte[0]);
    }
    int first = buf[at + 1] & 0xff;
    int pos = at + 2;
    long len;
    if (first < 0x80) {
      len = first;
    } else {
      int n = first & 0x7f;
      if (n == 0 || n > 4 || pos + n > end) {
        throw LogonFailedException.malformed("malformed SPNEGO token: bad length", new byte[0]);
      }
      len = 0;
      for (int i = 0; i < n; i++) {
        len = len << 8 | (buf[pos++] & 0xff);
      }
    }
    if (len > end - pos) {
      throw LogonFailedException.malformed(
          "malformed SPNEGO token: length beyond the token", new byte[0]);
    }
    return new Tlv(tag, buf, at, pos, (int) len);
  }

  /** Encodes a TLV whose contents are the concatenation of {@code parts}. */
  static byte[] tlv(int tag, byte[]... parts) {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      content.writeBytes(p);
    }
    int len = content.size();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    if (len < 0x80) {
      out.write(len);
    } else if (len < 0x100) {
      out.write(0x81);
      out.write(len);
    } else if (len < 0x10000) {
      out.write(0x82);
      out.write(len >>> 8);
      out.write(len);
    } else {
      out.write(0x84);
      out.write(len >>> 24);
      out.write(len >>> 16);
      out.write(len >>> 8);
      out.write(len);
    }
    out.writeBytes(content.toByteArray());
    return out.toByteArray();
  }
}
