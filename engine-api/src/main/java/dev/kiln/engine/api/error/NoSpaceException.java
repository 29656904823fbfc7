package dev.kiln.engine.api.error;

/** The pool or file system has no space left (ENOSPC, NFS3ERR_NOSPC, STATUS_DISK_FULL). */
public final class NoSpaceException extends EngineException {

  /** Reports the condition with a message naming the object concerned. */
  public NoSpaceException(String message) {
    super(message);
  }

  /** Reports the condition with the lower-level cause. */
  public NoSpaceException(String message, Throwable cause) {
    super(message, cause);
  }
}
