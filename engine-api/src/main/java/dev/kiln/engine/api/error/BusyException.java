package dev.kiln.engine.api.error;

/** The object is in use, held or has dependants, so it cannot be changed now (EBUSY). */
public final class BusyException extends EngineException {

  /** Reports the condition with a message naming the object concerned. */
  public BusyException(String message) {
    super(message);
  }

  /** Reports the condition with the lower-level cause. */
  public BusyException(String message, Throwable cause) {
    super(message, cause);
  }
}
