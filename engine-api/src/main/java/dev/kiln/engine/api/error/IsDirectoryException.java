package dev.kiln.engine.api.error;

/**
 * The operation is not valid on a directory (EISDIR, NFS3ERR_ISDIR, STATUS_FILE_IS_A_DIRECTORY).
 */
public final class IsDirectoryException extends EngineException {

  /** Reports the condition with a message naming the object concerned. */
  public IsDirectoryException(String message) {
    super(message);
  }

  /** Reports the condition with the lower-level cause. */
  public IsDirectoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
