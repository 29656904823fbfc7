package dev.kiln.engine.api.error;

/** A directory resume cookie or its verifier is no longer valid (NFS3ERR_BAD_COOKIE). */
public final class BadCookieException extends EngineException {

  /** Reports the condition with a message naming the object concerned. */
  public BadCookieException(String message) {
    super(message);
  }

  /** Reports the condition with the lower-level cause. */
  public BadCookieException(String message, Throwable cause) {
    super(message, cause);
  }
}
