package dev.kiln.bench;

/**
 * One line of a benchmark report: the same work done by the reference and by Kiln.
 *
 * @param name what was measured
 * @param unit the unit of both values, such as {@code MB/s} or {@code ops/s}
 * @param reference the reference implementation's value
 * @param kiln Kiln's value
 * @param higherIsBetter whether a larger value is better (throughput) or worse (latency)
 */
public record Measurement(
    String name, String unit, double reference, double kiln, boolean higherIsBetter) {

  /** Kiln relative to the reference: above 1 means Kiln is better. */
  public double ratio() {
    if (reference == 0 || kiln == 0) {
      return Double.NaN;
    }
    return higherIsBetter ? kiln / reference : reference / kiln;
  }
}
