package dev.kiln.engine.api.block;

/**
 * A run of blocks that are all mapped (hold data or are preallocated) or all deallocated (read as
 * zeros and take no space), as SCSI GET LBA STATUS reports them.
 *
 * @param blocks the length of the run in logical blocks, at least one
 * @param mapped whether the blocks of the run are mapped
 */
public record ProvisioningRun(long blocks, boolean mapped) {

  /** Checks the length. */
  public ProvisioningRun {
    if (blocks < 1) {
      throw new IllegalArgumentException("a provisioning run holds at least one block");
    }
  }
}
