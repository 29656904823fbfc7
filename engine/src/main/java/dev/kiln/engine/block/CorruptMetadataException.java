package dev.kiln.engine.block;

import java.io.IOException;

/** On-disk metadata (a label, an uberblock, a space map) failed validation: never used as data. */
public final class CorruptMetadataException extends IOException {

  /** Describes what was malformed and where. */
  public CorruptMetadataException(String message) {
    super(message);
  }

  /** Describes what was malformed, with the underlying parse failure. */
  public CorruptMetadataException(String message, Throwable cause) {
    super(message, cause);
  }
}
