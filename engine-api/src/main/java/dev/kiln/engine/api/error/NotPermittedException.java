package dev.kiln.engine.api.error;

/** The operation is never allowed on this object, whoever asks (EPERM, NFS3ERR_PERM). */
public final class NotPermittedException extends EngineException {

  /** Reports the condition with a message naming the object concerned. */
  public NotPermittedException(String message) {
    super(message);
  }

  /** Reports the condition with the lower-level cause. */
  public NotPermittedException(String message, Throwable cause) {
    super(message, cause);
  }
}
