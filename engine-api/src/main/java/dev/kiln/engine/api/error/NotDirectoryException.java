package dev.kiln.engine.api.error;

/** A directory was required but the inode is not one (ENOTDIR, NFS3ERR_NOTDIR). */
public final class NotDirectoryException extends EngineException {

  /** Reports the condition with a message naming the object concerned. */
  public NotDirectoryException(String message) {
    super(message);
  }

  /** Reports the condition with the lower-level cause. */
  public NotDirectoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
