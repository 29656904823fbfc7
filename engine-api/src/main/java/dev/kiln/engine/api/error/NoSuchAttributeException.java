package dev.kiln.engine.api.error;

/**
 * The named extended attribute does not exist (ENODATA, NFS4ERR_NOXATTR, STATUS_NO_EAS_ON_FILE).
 */
public final class NoSuchAttributeException extends EngineException {

  /** Reports the condition with a message naming the object concerned. */
  public NoSuchAttributeException(String message) {
    super(message);
  }

  /** Reports the condition with the lower-level cause. */
  public NoSuchAttributeException(String message, Throwable cause) {
    super(message, cause);
  }
}
