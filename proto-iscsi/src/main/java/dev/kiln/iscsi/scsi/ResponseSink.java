package dev.kiln.iscsi.scsi;

/**
 * Where the response of a command run by {@link LogicalUnit#execute(ScsiRequest, ResponseSink)}
 * goes. A command answered later (a gathered write) is answered on another thread; the sink may
 * hold responses until {@link #flush()}, which always follows, so a batch leaves in one write.
 */
public interface ResponseSink {

  /** Takes the command's response; called exactly once per command. */
  void respond(ScsiResponse response);

  /** Sends whatever {@link #respond} held back. */
  void flush();

  /**
   * True when the caller calls {@link LogicalUnit#drainWrites()} before it waits for anything, so a
   * gathered write may wait for that call instead of being handed to a drainer thread.
   */
  default boolean drainedByCaller() {
    return false;
  }
}
