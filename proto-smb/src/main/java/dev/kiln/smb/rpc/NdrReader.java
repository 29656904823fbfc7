package dev.kiln.smb.rpc;

import java.nio.charset.StandardCharsets;

/** NDR input with alignment and bounds checks; every violation is an {@link RpcFault}. */
final class NdrReader {

  /** Longest string accepted in a request, in UTF-16 units. */
  private static final int MAX_STRING = 4096;

  private final byte[] buf;
  private final int end;
  private int pos;

  NdrReader(byte[] buf) {
    this(buf, 0, buf.length);
  }

  NdrReader(byte[] buf, int off, int len) {
    this.buf = buf;
    this.pos = off;
    this.end = off + len;
    this.base = off;
  }

  private final int base;

  void align(int n) throws RpcFault {
    int rel = pos - base;
    int pad = (n - rel % n) % n;
    need(pad);
    pos += pad;
  }

  private void need(int n) throws RpcFault {
    if (n < 0 || n > end - pos) {
      throw RpcFault.badStub("stub data ends early");
    }
  }

  int u8() throws RpcFault {
    need(1);
    return buf[pos++] & 0xff;
  }

  int u16() throws RpcFault {
    align(2);
    need(2);
    int v = (buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8;
    pos += 2;
    return v;
  }

  long u32() throws RpcFault {
    align(4);
    need(4);
    long v = 0;
    for (int i = 3; i >= 0; i--) {
      v = v << 8 | (buf[pos + i] & 0xff);
    }
    pos += 4;
    return v;
  }

  byte[] bytes(int n) throws RpcFault {
    need(n);
    byte[] out = java.util.Arrays.copyOfRange(buf, pos, pos + n);
    pos += n;
    return out;
  }

  /** A conformant varying UTF-16 string, without its terminating NUL. */
  String string() throws RpcFault {
    long max = u32();
    long offset = u32();
    long actual = u32();
    if (offset != 0 || actual > max || actual > MAX_STRING) {
      throw RpcFault.badStub("bad conformant varying string bounds");
    }
    byte[] utf16 = bytes((int) actual * 2);
    String s = new String(utf16, StandardCharsets.UTF_16LE);
    int nul = s.indexOf('\0');
    return nul >= 0 ? s.substring(0, nul) : s;
  }

  int remaining() {
    return end - pos;
  }
}
