package dev.kiln.engine.api.error;

/** The inode was freed or reused with another generation (ESTALE, NFS3ERR_STALE). */
public final class StaleHandleException extends EngineException {

  /** Reports the condition with a message naming the object concerned. */
  public StaleHandleException(String message) {
    super(message);
  }

  /** Reports the condition with the lower-level cause. */
  public StaleHandleException(String message, Throwable cause) {
    super(message, cause);
  }
}
