package dev.kiln.engine.api.error;

/** Permission checks refused the caller (EACCES, NFS3ERR_ACCES, STATUS_ACCESS_DENIED). */
public final class AccessDeniedException extends EngineException {

  /** Reports the condition with a message naming the object concerned. */
  public AccessDeniedException(String message) {
    super(message);
  }

  /** Reports the condition with the lower-level cause. */
  public AccessDeniedException(String message, Throwable cause) {
    super(message, cause);
  }
}
