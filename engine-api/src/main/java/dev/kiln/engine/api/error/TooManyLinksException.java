package dev.kiln.engine.api.error;

/** The inode already has the maximum number of hard links (EMLINK, NFS3ERR_MLINK). */
public final class TooManyLinksException extends EngineException {

  /** Reports the condition with a message naming the object concerned. */
  public TooManyLinksException(String message) {
    super(message);
  }

  /** Reports the condition with the lower-level cause. */
  public TooManyLinksException(String message, Throwable cause) {
    super(message, cause);
  }
}
