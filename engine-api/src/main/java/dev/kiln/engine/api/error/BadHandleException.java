package dev.kiln.engine.api.error;

/** The handle can never be valid, such as inode number 0 (NFS3ERR_BADHANDLE). */
public final class BadHandleException extends EngineException {

  /** Reports the condition with a message naming the object concerned. */
  public BadHandleException(String message) {
    super(message);
  }

  /** Reports the condition with the lower-level cause. */
  public BadHandleException(String message, Throwable cause) {
    super(message, cause);
  }
}
