package dev.kiln.engine.pool;

import java.util.List;

/**
 * What a scrub verified and what it found.
 *
 * @param blocksVerified blocks read and verified (including the pool's own space map blocks)
 * @param bytesVerified stored bytes read
 * @param labelsVerified label copies checked
 * @param errors every damaged block, label or uberblock copy
 */
public record ScrubReport(
    long blocksVerified, long bytesVerified, int labelsVerified, List<ScrubError> errors) {

  /** Copies the error list. */
  public ScrubReport {
    errors = List.copyOf(errors);
  }

  /** Whether nothing was damaged. */
  public boolean clean() {
    return errors.isEmpty();
  }
}
