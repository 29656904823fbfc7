package dev.kiln.engine.api.error;

/**
 * The target name or object already exists (EEXIST, NFS3ERR_EXIST, STATUS_OBJECT_NAME_COLLISION).
 */
public final class AlreadyExistsException extends EngineException {

  /** Reports the condition with a message naming the object concerned. */
  public AlreadyExistsException(String message) {
    super(message);
  }

  /** Reports the condition with the lower-level cause. */
  public AlreadyExistsException(String message, Throwable cause) {
    super(message, cause);
  }
}
