package dev.kiln.smb.rpc;

/**
 * One open of a named pipe on IPC$: bytes written by the client are RPC requests, the responses are
 * read back (SMB2 WRITE then READ, or IOCTL FSCTL_PIPE_TRANSCEIVE). Not thread-safe: one per open.
 */
public interface NamedPipe {

  /** Consumes bytes the client wrote (whole or partial PDUs). */
  void write(byte[] data);

  /**
   * Up to {@code max} bytes of pending response; empty when nothing is pending. More remains when
   * {@link #available()} is still positive (STATUS_BUFFER_OVERFLOW on the wire).
   */
  byte[] read(int max);

  /** The number of response bytes not yet read. */
  int available();
}
