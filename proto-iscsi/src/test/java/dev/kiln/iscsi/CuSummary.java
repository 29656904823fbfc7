package dev.kiln.iscsi;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The outcome of an {@code iscsi-test-cu} run: the CUnit run summary and, per suite (family), the
 * tests that passed, failed and were skipped (a skipped test prints SKIPPED and counts as passed in
 * CUnit's summary).
 *
 * @param ran tests run
 * @param passed tests passed (skipped included)
 * @param failed tests failed
 * @param perSuite per suite: {passed, failed, skipped}
 */
public record CuSummary(int ran, int passed, int failed, Map<String, int[]> perSuite) {

  private static final Pattern TESTS =
      Pattern.compile("^\\s+tests\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)", Pattern.MULTILINE);

  /** Parses the console output of iscsi-test-cu. */
  public static CuSummary parse(String output) {
    Matcher m = TESTS.matcher(output);
    if (!m.find()) {
      throw new IllegalArgumentException("no CUnit run summary in:\n" + output);
    }
    Map<String, int[]> suites = new LinkedHashMap<>();
    String suite = "?";
    int[] current = null;
    for (String line : output.split("\n")) {
      if (line.startsWith("Suite: ")) {
        suite = line.substring(7).trim();
        current = suites.computeIfAbsent(suite, s -> new int[3]);
      } else if (current != null && line.startsWith("  Test: ")) {
        current[0]++;
        if (line.contains("[SKIPPED]")) {
          current[2]++;
        }
        if (line.endsWith("...FAILED")) {
          current[0]--;
          current[1]++;
        }
      } else if (current != null && line.equals("FAILED")) {
        current[0]--;
        current[1]++;
      }
    }
    return new CuSummary(
        Integer.parseInt(m.group(2)),
        Integer.parseInt(m.group(3)),
        Integer.parseInt(m.group(4)),
        suites);
  }
}
