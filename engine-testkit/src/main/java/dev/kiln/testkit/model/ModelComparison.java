package dev.kiln.testkit.model;

import dev.kiln.engine.api.fs.FileSystem;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Applies the same operations to a reference and a subject FileSystem and fails at the first
 * divergence: a different result, a different status exception, or (every {@code treeCheckEvery}
 * operations and at the end) a different {@link TreeSnapshot}.
 */
public final class ModelComparison {

  /**
   * What a run did.
   *
   * @param operations operations applied
   * @param outcomes how many ended "ok" or with each exception class
   * @param treeChecks full-tree comparisons made
   * @param finalTree the final state (equal on both sides)
   */
  public record Report(
      int operations, Map<String, Integer> outcomes, int treeChecks, TreeSnapshot finalTree) {}

  private final FileSystem reference;
  private final FileSystem subject;
  private final int treeCheckEvery;
  private final String label;

  /**
   * A comparison of {@code subject} against {@code reference}; {@code label} (such as the seed)
   * starts every failure message so the run can be repeated.
   */
  public ModelComparison(
      FileSystem reference, FileSystem subject, int treeCheckEvery, String label) {
    if (treeCheckEvery < 1) {
      throw new IllegalArgumentException("treeCheckEvery must be at least 1");
    }
    this.reference = reference;
    this.subject = subject;
    this.treeCheckEvery = treeCheckEvery;
    this.label = label;
  }

  /** Runs every operation; throws AssertionError describing the first divergence. */
  public Report run(List<FsOperation> operations) throws IOException {
    Map<String, Integer> tally = new TreeMap<>();
    int checks = 0;
    TreeSnapshot last = null;
    for (int i = 0; i < operations.size(); i++) {
      FsOperation op = operations.get(i);
      Outcome expected = Outcome.of(reference, op);
      Outcome actual = Outcome.of(subject, op);
      if (!expected.equals(actual)) {
        throw new AssertionError(
            "%s: operation #%d %s: reference gave %s, subject gave %s"
                .formatted(label, i, op, expected, actual));
      }
      tally.merge(expected.kind(), 1, Integer::sum);
      if ((i + 1) % treeCheckEvery == 0 || i == operations.size() - 1) {
        last = compareTrees(i);
        checks++;
      }
    }
    if (last == null) {
      last = compareTrees(-1);
      checks++;
    }
    return new Report(operations.size(), tally, checks, last);
  }

  private TreeSnapshot compareTrees(int index) throws IOException {
    TreeSnapshot expected = TreeSnapshot.capture(reference);
    TreeSnapshot actual = TreeSnapshot.capture(subject);
    List<String> diff = expected.differences(actual);
    if (!diff.isEmpty()) {
      throw new AssertionError(
          "%s: trees differ after operation #%d at %d path(s): %s"
              .formatted(label, index, diff.size(), diff.subList(0, Math.min(10, diff.size()))));
    }
    return expected;
  }
}
