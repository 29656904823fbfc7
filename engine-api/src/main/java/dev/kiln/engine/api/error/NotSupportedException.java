package dev.kiln.engine.api.error;

/**
 * This implementation does not provide the requested optional feature (ENOTSUP, NFS3ERR_NOTSUPP).
 */
public final class NotSupportedException extends EngineException {

  /** Reports the condition with a message naming the object concerned. */
  public NotSupportedException(String message) {
    super(message);
  }

  /** Reports the condition with the lower-level cause. */
  public NotSupportedException(String message, Throwable cause) {
    super(message, cause);
  }
}
