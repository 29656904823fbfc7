package dev.kiln.smb.protocol;

/**
 * A request fails with an NTSTATUS; the message is for the log only. Each status Kiln uses has its
 * own subclass so handlers read as what they refuse.
 */
public class SmbStatusException extends Exception {

  private static final long serialVersionUID = 1L;

  private final int status;

  /** A failure with {@code status} ({@link NtStatus}). */
  public SmbStatusException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  /** The NTSTATUS value sent to the client. */
  public int status() {
    return status;
  }
}
