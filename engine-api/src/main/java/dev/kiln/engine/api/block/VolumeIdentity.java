package dev.kiln.engine.api.block;

import java.util.Objects;

/**
 * The stable identity of a volume, from which iSCSI derives the LUN's NAA identifier and serial.
 *
 * @param guid the dataset's 64-bit guid; unchanged by rename, different for clones
 * @param serial a printable unit serial number (VPD page 0x80), at most 32 ASCII characters
 */
public record VolumeIdentity(long guid, String serial) {

  /** Validates the serial number. */
  public VolumeIdentity {
    Objects.requireNonNull(serial, "serial");
    if (serial.isEmpty()
        || serial.length() > 32
        || !serial.chars().allMatch(c -> c > 32 && c < 127)) {
      throw new IllegalArgumentException(
          "serial must be 1..32 printable ASCII characters: " + serial);
    }
  }
}
