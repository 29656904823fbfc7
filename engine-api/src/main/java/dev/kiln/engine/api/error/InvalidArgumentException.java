package dev.kiln.engine.api.error;

/** An argument is malformed or out of range (EINVAL, NFS3ERR_INVAL, STATUS_INVALID_PARAMETER). */
public final class InvalidArgumentException extends EngineException {

  /** Reports the condition with a message naming the object concerned. */
  public InvalidArgumentException(String message) {
    super(message);
  }

  /** Reports the condition with the lower-level cause. */
  public InvalidArgumentException(String message, Throwable cause) {
    super(message, cause);
  }
}
