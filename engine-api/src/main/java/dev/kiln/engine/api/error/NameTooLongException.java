package dev.kiln.engine.api.error;

/** A name exceeds the limit, 255 UTF-8 bytes by default (ENAMETOOLONG, NFS3ERR_NAMETOOLONG). */
public final class NameTooLongException extends EngineException {

  /** Reports the condition with a message naming the object concerned. */
  public NameTooLongException(String message) {
    super(message);
  }

  /** Reports the condition with the lower-level cause. */
  public NameTooLongException(String message, Throwable cause) {
    super(message, cause);
  }
}
