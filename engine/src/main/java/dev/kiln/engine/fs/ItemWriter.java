package dev.kiln.engine.fs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Big-endian encoder for tree items and log records. */
final class ItemWriter {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

  ItemWriter u8(int v) {
    out.write(v);
    return this;
  }

  ItemWriter u16(int v) {
    out.write(v >>> 8);
    out.write(v);
    return this;
  }

  ItemWriter i32(int v) {
    for (int s = 24; s >= 0; s -= 8) {
      out.write(v >>> s);
    }
    return this;
  }

  ItemWriter i64(long v) {
    for (int s = 56; s >= 0; s -= 8) {
      out.write((int) (v >>> s));
    }
    return this;
  }

  ItemWriter bytes(byte[] b) {
    out.writeBytes(b);
    return this;
  }

  ItemWriter bytes(byte[] b, int off, int len) {
    out.write(b, off, len);
    return this;
  }

  /** Null as 0xFFFF, else u16 length and UTF-8 bytes (callers bound the length). */
  ItemWriter string(String s) {
    if (s == null) {
      return u16(0xFFFF);
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (b.length >= 0xFFFF) {
      throw new IllegalArgumentException("string of " + b.length + " bytes is too long");
    }
    u16(b.length);
    return bytes(b);
  }

  int size() {
    return out.size();
  }

  byte[] toBytes() {
    return out.toByteArray();
  }
}
