package dev.kiln.daemon.storage;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/** The bytes the crash writer writes: 8 KiB derived from a seed, so they can be checked later. */
final class CrashRecords {

  static final int SIZE = 8192;

  private CrashRecords() {}

  static ByteBuffer record(long seed) {
    byte[] b = new byte[SIZE];
    new SplittableRandom(seed).nextBytes(b);
    return ByteBuffer.wrap(b);
  }
}
