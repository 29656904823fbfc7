package dev.kiln.testkit.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.api.block.BlockVolume;
import dev.kiln.engine.api.block.VolumeIdentity;
import dev.kiln.engine.api.error.ReadOnlyFileSystemException;
import dev.kiln.testkit.contract.BlockVolumeContract;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The reference volume with 4096-byte blocks passes the contract; snapshots are read-only. */
class MemoryBlockVolume4kTest extends BlockVolumeContract {

  @Override
  protected BlockVolume newVolume() {
    return new MemoryBlockVolume(new VolumeIdentity(4096, "KILN4K"), 4096, 300);
  }

  @Test
  void snapshotIsFrozenAndReadOnly() throws IOException {
    MemoryBlockVolume live = (MemoryBlockVolume) volume;
    live.write(3, ByteBuffer.wrap(new byte[4096]).put(0, (byte) 7), false);
    MemoryBlockVolume snap = live.snapshot();
    live.unmap(3, 1);
    ByteBuffer buf = ByteBuffer.allocate(4096);
    snap.read(3, buf);
    assertThat(buf.get(0)).isEqualTo((byte) 7);
    assertThat(snap.readOnly()).isTrue();
    assertThatThrownBy(() -> snap.write(0, ByteBuffer.allocate(4096), true))
        .isInstanceOf(ReadOnlyFileSystemException.class);
    assertThatThrownBy(() -> snap.unmap(0, 1)).isInstanceOf(ReadOnlyFileSystemException.class);
    assertThatThrownBy(snap::flush).isInstanceOf(ReadOnlyFileSystemException.class);
  }

  @Test
  void unmapReleasesBlocks() throws IOException {
    MemoryBlockVolume live = (MemoryBlockVolume) volume;
    live.write(0, ByteBuffer.allocate(4 * 4096), false);
    assertThat(live.mappedBlocks()).isEqualTo(4);
    live.unmap(0, 4);
    assertThat(live.mappedBlocks()).isZero();
  }
}
