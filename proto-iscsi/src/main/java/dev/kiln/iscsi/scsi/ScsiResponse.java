package dev.kiln.iscsi.scsi;

import java.nio.ByteBuffer;

/**
 * The outcome of a SCSI command.
 *
 * @param status the SCSI status
 * @param sense sense data for CHECK CONDITION, else null
 * @param dataIn data for the initiator (empty for none), before the transport truncates it to the
 *     expected length
 */
public record ScsiResponse(int status, SenseData sense, ByteBuffer dataIn) {

  private static final ByteBuffer NONE = ByteBuffer.allocate(0);

  /** GOOD with no data. */
  public static ScsiResponse good() {
    return new ScsiResponse(ScsiStatus.GOOD, null, NONE);
  }

  /** GOOD with data. */
  public static ScsiResponse good(ByteBuffer data) {
    return new ScsiResponse(ScsiStatus.GOOD, null, data);
  }

  /** GOOD with the first {@code length} bytes of {@code data}. */
  public static ScsiResponse good(byte[] data, int length) {
    return new ScsiResponse(
        ScsiStatus.GOOD, null, ByteBuffer.wrap(data, 0, Math.min(length, data.length)).slice());
  }

  /** CHECK CONDITION with {@code sense}. */
  public static ScsiResponse check(SenseData sense) {
    return new ScsiResponse(ScsiStatus.CHECK_CONDITION, sense, NONE);
  }

  /** A status without data or sense. */
  public static ScsiResponse status(int status) {
    return new ScsiResponse(status, null, NONE);
  }
}
