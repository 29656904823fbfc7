package dev.kiln.smb.protocol;

import java.time.Instant;

/** Windows FILETIME: 100-ns intervals since 1601-01-01 UTC ([MS-DTYP] 2.3.3). */
public final class FileTime {

  private static final long EPOCH_DIFF_SECONDS = 11_644_473_600L;

  private FileTime() {}

  /** The FILETIME of an instant (0 for instants before 1601). */
  public static long of(Instant t) {
    long s = t.getEpochSecond() + EPOCH_DIFF_SECONDS;
    if (s < 0) {
      return 0;
    }
    if (s > Long.MAX_VALUE / 10_000_000L - 1) {
      return Long.MAX_VALUE;
    }
    return s * 10_000_000L + t.getNano() / 100;
  }

  /** The instant of a FILETIME. */
  public static Instant toInstant(long fileTime) {
    long s = Long.divideUnsigned(fileTime, 10_000_000L) - EPOCH_DIFF_SECONDS;
    long rem = Long.remainderUnsigned(fileTime, 10_000_000L);
    return Instant.ofEpochSecond(s, rem * 100);
  }
}
