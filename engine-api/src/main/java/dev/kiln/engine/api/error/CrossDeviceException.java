package dev.kiln.engine.api.error;

/** Source and target are in different file systems or datasets (EXDEV, NFS3ERR_XDEV). */
public final class CrossDeviceException extends EngineException {

  /** Reports the condition with a message naming the object concerned. */
  public CrossDeviceException(String message) {
    super(message);
  }

  /** Reports the condition with the lower-level cause. */
  public CrossDeviceException(String message, Throwable cause) {
    super(message, cause);
  }
}
