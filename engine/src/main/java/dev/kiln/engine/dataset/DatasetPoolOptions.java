package dev.kiln.engine.dataset;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How a {@link DatasetPool} is run.
 *
 * @param clock time source for creation times and the sync timer
 * @param fileSystemLayout where file system entries keep data block pointers
 * @param volumeLayout where volume entries keep data block pointers
 * @param replayer applies recovered intent log records
 * @param random source of guids and log chain ids
 */
public record DatasetPoolOptions(
    Clock clock,
    ObjectLayout fileSystemLayout,
    ObjectLayout volumeLayout,
    LogReplayer replayer,
    RandomGenerator random) {

  /** Checks the fields. */
  public DatasetPoolOptions {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(fileSystemLayout, "fileSystemLayout");
    Objects.requireNonNull(volumeLayout, "volumeLayout");
    Objects.requireNonNull(replayer, "replayer");
    Objects.requireNonNull(random, "random");
  }

  /** Options with one layout for both types, the system clock and a secure random. */
  public static DatasetPoolOptions of(ObjectLayout layout, LogReplayer replayer) {
    return new DatasetPoolOptions(Clock.systemUTC(), layout, layout, replayer, new SecureRandom());
  }

  /** A copy with another clock. */
  public DatasetPoolOptions withClock(Clock c) {
    return new DatasetPoolOptions(c, fileSystemLayout, volumeLayout, replayer, random);
  }

  /** A copy with another random source. */
  public DatasetPoolOptions withRandom(RandomGenerator r) {
    return new DatasetPoolOptions(clock, fileSystemLayout, volumeLayout, replayer, r);
  }
}
