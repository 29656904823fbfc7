package dev.kiln.testkit.memory;

import dev.kiln.engine.api.block.BlockVolume;
import dev.kiln.engine.api.block.VolumeIdentity;
import dev.kiln.testkit.contract.BlockVolumeContract;

/** The reference volume with 512-byte blocks passes the contract. */
class MemoryBlockVolume512Test extends BlockVolumeContract {

  @Override
  protected BlockVolume newVolume() {
    return new MemoryBlockVolume(new VolumeIdentity(512, "KILN512"), 512, 1024);
  }
}
