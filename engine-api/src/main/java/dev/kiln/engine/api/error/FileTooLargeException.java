package dev.kiln.engine.api.error;

/** An offset or size exceeds the maximum file size (EFBIG, NFS3ERR_FBIG). */
public final class FileTooLargeException extends EngineException {

  /** Reports the condition with a message naming the object concerned. */
  public FileTooLargeException(String message) {
    super(message);
  }

  /** Reports the condition with the lower-level cause. */
  public FileTooLargeException(String message, Throwable cause) {
    super(message, cause);
  }
}
