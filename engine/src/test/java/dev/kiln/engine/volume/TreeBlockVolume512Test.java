package dev.kiln.engine.volume;

import dev.kiln.engine.api.block.BlockVolume;
import dev.kiln.engine.api.block.VolumeIdentity;
import dev.kiln.engine.fs.TestObjectSet;
import dev.kiln.testkit.contract.BlockVolumeContract;
import java.io.IOException;
import java.time.Clock;

/** A volume with 512-byte logical blocks passes the BlockVolume contract. */
class TreeBlockVolume512Test extends BlockVolumeContract {

  @Override
  protected BlockVolume newVolume() throws IOException {
    return TreeBlockVolume.open(
        new TestObjectSet(Clock.systemUTC()), new VolumeIdentity(512, "KILN512"), 512, 1000);
  }
}
