package dev.kiln.engine.api.error;

/**
 * The named entry or object does not exist (ENOENT, NFS3ERR_NOENT, STATUS_OBJECT_NAME_NOT_FOUND).
 */
public final class NoSuchEntryException extends EngineException {

  /** Reports the condition with a message naming the object concerned. */
  public NoSuchEntryException(String message) {
    super(message);
  }

  /** Reports the condition with the lower-level cause. */
  public NoSuchEntryException(String message, Throwable cause) {
    super(message, cause);
  }
}
