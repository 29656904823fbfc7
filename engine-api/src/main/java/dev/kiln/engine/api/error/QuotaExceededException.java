package dev.kiln.engine.api.error;

/** A quota or refquota would be exceeded (EDQUOT, NFS3ERR_DQUOT, STATUS_DISK_FULL). */
public final class QuotaExceededException extends EngineException {

  /** Reports the condition with a message naming the object concerned. */
  public QuotaExceededException(String message) {
    super(message);
  }

  /** Reports the condition with the lower-level cause. */
  public QuotaExceededException(String message, Throwable cause) {
    super(message, cause);
  }
}
