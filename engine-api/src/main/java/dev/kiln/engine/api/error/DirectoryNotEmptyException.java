package dev.kiln.engine.api.error;

/** The directory to remove or replace still has entries (ENOTEMPTY, NFS3ERR_NOTEMPTY). */
public final class DirectoryNotEmptyException extends EngineException {

  /** Reports the condition with a message naming the object concerned. */
  public DirectoryNotEmptyException(String message) {
    super(message);
  }

  /** Reports the condition with the lower-level cause. */
  public DirectoryNotEmptyException(String message, Throwable cause) {
    super(message, cause);
  }
}
