package dev.kiln.engine.fs;

import dev.kiln.engine.api.error.CorruptDataException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Bounds-checked reading of a tree item or log record; malformed bytes are CorruptDataException.
 */
final class ItemReader {

  private final ByteBuffer buf;
  private final String what;

  ItemReader(byte[] bytes, String what) {
    this.buf = ByteBuffer.wrap(bytes);
    this.what = what;
  }

  byte u8() throws CorruptDataException {
    need(1);
    return buf.get();
  }

  int u16() throws CorruptDataException {
    need(2);
    return Short.toUnsignedInt(buf.getShort());
  }

  int i32() throws CorruptDataException {
    need(4);
    return buf.getInt();
  }

  long i64() throws CorruptDataException {
    need(8);
    return buf.getLong();
  }

  byte[] bytes(int length) throws CorruptDataException {
    if (length < 0) {
      throw corrupt("negative length " + length);
    }
    need(length);
    byte[] out = new byte[length];
    buf.get(out);
    return out;
  }

  /** A string written by {@link ItemWriter#string}: null, or u16 length and UTF-8 bytes. */
  String string() throws CorruptDataException {
    int len = u16();
    if (len == 0xFFFF) {
      return null;
    }
    byte[] b = bytes(len);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b))
          .toString();
    } catch (CharacterCodingException e) {
      throw corrupt("invalid UTF-8");
    }
  }

  int remaining() {
    return buf.remaining();
  }

  void end() throws CorruptDataException {
    if (buf.hasRemaining()) {
      throw corrupt(buf.remaining() + " trailing bytes");
    }
  }

  private void need(int n) throws CorruptDataException {
    if (buf.remaining() < n) {
      throw corrupt("truncated: need " + n + " bytes, " + buf.remaining() + " left");
    }
  }

  CorruptDataException corrupt(String why) {
    return new CorruptDataException("malformed " + what + ": " + why);
  }
}
