package dev.kiln.smb.auth;

import java.security.SecureRandom;

/** A "random" source that repeats a fixed pattern, for known-answer tests. */
final class FixedRandom extends SecureRandom {

  private static final long serialVersionUID = 1L;

  private final byte[] pattern;

  FixedRandom(byte[] pattern) {
    this.pattern = pattern.clone();
  }

  @Override
  public void nextBytes(byte[] bytes) {
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = pattern[i % pattern.length];
    }
  }
}
