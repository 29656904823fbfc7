package dev.kiln.testkit.model;

import dev.kiln.engine.api.error.EngineException;
import dev.kiln.engine.api.fs.FileSystem;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What one operation did: a normalized result, or the status exception class it threw.
 *
 * @param result the description from {@link FsOperation#apply}, or null if it failed
 * @param error the simple name of the EngineException class, or null if it succeeded
 */
public record Outcome(String result, String error) {

  /** Applies {@code op} and records what happened; non-status I/O errors propagate. */
  public static Outcome of(FileSystem fs, FsOperation op) {
    try {
      return new Outcome(op.apply(fs), null);
    } catch (EngineException e) {
      return new Outcome(null, e.getClass().getSimpleName());
    } catch (IOException e) {
      throw new UncheckedIOException("operation " + op + " failed with a non-status error", e);
    }
  }

  /** "ok" or the exception name, for tallies. */
  public String kind() {
    return error == null ? "ok" : error;
  }
}
