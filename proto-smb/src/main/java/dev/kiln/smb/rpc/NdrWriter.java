package dev.kiln.smb.rpc;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * NDR transfer syntax 2.0 output ([C706] ch. 14), little-endian: primitives aligned to their size
 * relative to the start of the stub, unique pointers as referent ids, conformant varying strings.
 */
final class NdrWriter {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private int nextReferent = 0x00020000;

  /** Pads with zeros to a multiple of {@code n}. */
  NdrWriter align(int n) {
    while (out.size() % n != 0) {
      out.write(0);
    }
    return this;
  }

  NdrWriter u8(int v) {
    out.write(v);
    return this;
  }

  NdrWriter u16(int v) {
    align(2);
    out.write(v);
    out.write(v >>> 8);
    return this;
  }

  NdrWriter u32(long v) {
    align(4);
    for (int i = 0; i < 4; i++) {
      out.write((int) (v >>> (8 * i)));
    }
    return this;
  }

  NdrWriter bytes(byte[] b) {
    out.writeBytes(b);
    return this;
  }

  /** A non-null unique pointer's referent id (the pointee follows later, deferred). */
  NdrWriter referent() {
    u32(nextReferent);
    nextReferent += 4;
    return this;
  }

  /** A unique pointer that is null when {@code present} is false. */
  NdrWriter pointer(boolean present) {
    return present ? referent() : u32(0);
  }

  /** A conformant varying, NUL-terminated UTF-16 string ([MS-DTYP] 2.2.33 wchar_t*). */
  NdrWriter string(String s) {
    byte[] utf16 = (s + "\0").getBytes(StandardCharsets.UTF_16LE);
    int chars = utf16.length / 2;
    u32(chars).u32(0).u32(chars);
    out.writeBytes(utf16);
    return this;
  }

  int size() {
    return out.size();
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }
}
