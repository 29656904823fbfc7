package dev.kiln.smb.rpc;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Test-side NDR: a little-endian encoder and decoder written from [C706] ch. 14 for the tests. */
final class Stub {

  private Stub() {}

  /** Encoder. */
  static final class Out {
    final ByteArrayOutputStream b = new ByteArrayOutputStream();

    Out pad(int n) {
      while (b.size() % n != 0) {
        b.write(0);
      }
      return this;
    }

    Out u16(int v) {
      pad(2);
      b.write(v);
      b.write(v >> 8);
      return this;
    }

    Out u32(long v) {
      pad(4);
      for (int i = 0; i < 4; i++) {
        b.write((int) (v >> (8 * i)));
      }
      return this;
    }

    Out str(String s) {
      byte[] u = (s + "\0").getBytes(StandardCharsets.UTF_16LE);
      u32(u.length / 2).u32(0).u32(u.length / 2);
      b.writeBytes(u);
      return this;
    }

    byte[] bytes() {
      return b.toByteArray();
    }
  }

  /** Decoder. */
  static final class In {
    final ByteBuffer b;

    In(byte[] data) {
      b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    }

    void pad(int n) {
      while (b.position() % n != 0) {
        b.get();
      }
    }

    long u32() {
      pad(4);
      return b.getInt() & 0xffffffffL;
    }

    String str() {
      long max = u32();
      long off = u32();
      long actual = u32();
      if (off != 0 || actual > max) {
        throw new IllegalStateException("bad string header");
      }
      byte[] u = new byte[(int) actual * 2];
      b.get(u);
      String s = new String(u, StandardCharsets.UTF_16LE);
      if (!s.endsWith("\0")) {
        throw new IllegalStateException("string without NUL: " + s);
      }
      return s.substring(0, s.length() - 1);
    }

    int remaining() {
      return b.remaining();
    }
  }
}
