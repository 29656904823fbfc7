package dev.kiln.common;

import java.util.Locale;

/** Byte sizes as administrators write them: {@code 512}, {@code 4K}, {@code 10G}, {@code 1.5T}. */
public final class ByteSizes {

  private static final String UNITS = "KMGTPE";

  private ByteSizes() {}

  /** Parses a size with an optional binary suffix (K, M, G, T, P, E; "B"/"iB" accepted). */
  public static long parse(String text) {
    String t = text.strip().toUpperCase(Locale.ROOT);
    if (t.endsWith("IB")) {
      t = t.substring(0, t.length() - 2);
    } else if (t.endsWith("B") && t.length() > 1 && !Character.isDigit(t.charAt(t.length() - 2))) {
      t = t.substring(0, t.length() - 1);
    } else if (t.endsWith("B")) {
      t = t.substring(0, t.length() - 1);
    }
    if (t.isEmpty()) {
      throw new IllegalArgumentException("not a size: '" + text + "'");
    }
    int unit = UNITS.indexOf(t.charAt(t.length() - 1));
    String number = unit >= 0 ? t.substring(0, t.length() - 1) : t;
    double value;
    try {
      value = Double.parseDouble(number);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a size: '" + text + "'", e);
    }
    double bytes = value * Math.pow(1024, unit + 1);
    if (!(bytes >= 0) || bytes > Long.MAX_VALUE || Double.isInfinite(bytes)) {
      throw new IllegalArgumentException("size out of range: '" + text + "'");
    }
    return (long) bytes;
  }

  /** Formats a size the way {@code zfs list} does: {@code 0B}, {@code 512B}, {@code 1.50G}. */
  public static String format(long bytes) {
    if (bytes < 1024) {
      return bytes + "B";
    }
    double v = bytes;
    int unit = -1;
    while (v >= 1024 && unit < UNITS.length() - 1) {
      v /= 1024;
      unit++;
    }
    String digits = v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f";
    return String.format(Locale.ROOT, digits, v) + UNITS.charAt(unit);
  }
}
