package dev.kiln.bench;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** Prints measurements as a table with Kiln/reference ratios and the floors they must meet. */
final class Report {

  private Report() {}

  static void print(
      PrintWriter out, String reference, List<Measurement> rows, List<Double> floors) {
    out.printf(
        Locale.ROOT,
        "%-48s %14s %14s %8s %7s %s%n",
        "measurement",
        reference,
        "kiln",
        "ratio",
        "floor",
        "");
    for (int i = 0; i < rows.size(); i++) {
      Measurement m = rows.get(i);
      Double floor = floors.get(i);
      String verdict = floor == null ? "" : (m.ratio() >= floor ? "ok" : "BELOW FLOOR");
      out.printf(
          Locale.ROOT,
          "%-48s %14s %14s %8.2f %7s %s%n",
          m.name(),
          format(m.reference()) + " " + m.unit(),
          format(m.kiln()) + " " + m.unit(),
          m.ratio(),
          floor == null ? "-" : String.format(Locale.ROOT, "%.2f", floor),
          verdict);
    }
    out.flush();
  }

  private static String format(double v) {
    if (v >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
