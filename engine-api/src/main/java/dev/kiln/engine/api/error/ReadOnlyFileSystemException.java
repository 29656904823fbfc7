package dev.kiln.engine.api.error;

/**
 * The file system or volume is read-only, such as a snapshot (EROFS, NFS3ERR_ROFS, write-protected
 * LUN).
 */
public final class ReadOnlyFileSystemException extends EngineException {

  /** Reports the condition with a message naming the object concerned. */
  public ReadOnlyFileSystemException(String message) {
    super(message);
  }

  /** Reports the condition with the lower-level cause. */
  public ReadOnlyFileSystemException(String message, Throwable cause) {
    super(message, cause);
  }
}
