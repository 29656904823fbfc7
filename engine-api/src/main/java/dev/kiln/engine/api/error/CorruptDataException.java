package dev.kiln.engine.api.error;

/**
 * Stored data failed checksum verification; it is reported, never returned (EIO,
 * STATUS_DATA_ERROR).
 */
public final class CorruptDataException extends EngineException {

  /** Reports the condition with a message naming the object concerned. */
  public CorruptDataException(String message) {
    super(message);
  }

  /** Reports the condition with the lower-level cause. */
  public CorruptDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
