package dev.kiln.engine.pool;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;

/** Deterministic block contents for pool tests. */
final class TestData {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

  private TestData() {}

  /** {@code size} bytes derived from {@code seed}; compressible ones are repetitive text. */
  static byte[] bytes(long seed, int size, boolean compressible) {
    byte[] out = new byte[size];
    if (compressible) {
      byte[] text = ("block " + seed + " of kiln test data; ").getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < size; i++) {
        out[i] = text[i % text.length];
      }
    } else {
      new Random(seed).nextBytes(out);
    }
    return out;
  }

  static byte[] array(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }
}
