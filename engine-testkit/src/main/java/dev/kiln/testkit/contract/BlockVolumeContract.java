package dev.kiln.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.api.block.BlockVolume;
import dev.kiln.engine.api.block.ProvisioningRun;
import dev.kiln.engine.api.error.InvalidArgumentException;
import dev.kiln.engine.api.error.NotSupportedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every writable {@link BlockVolume} must show. */
public abstract class BlockVolumeContract {

  /** The volume under test, created fresh for each test. */
  protected BlockVolume volume;

  /** A new, zero-filled, writable volume of at least 256 blocks. */
  protected abstract BlockVolume newVolume() throws IOException;

  @BeforeEach
  void openVolume() throws IOException {
    volume = newVolume();
  }

  private byte[] blocks(int count, int seed) {
    byte[] b = new byte[count * volume.logicalBlockSize()];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (i * 13 + seed);
    }
    return b;
  }

  private byte[] read(long lba, int count) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(count * volume.logicalBlockSize());
    volume.read(lba, buf);
    assertThat(buf.hasRemaining()).isFalse();
    return buf.array();
  }

  /** The provisioning of every block, walked run by run from block 0 to the end. */
  private boolean[] provisioningMap() throws IOException {
    boolean[] mapped = new boolean[(int) volume.blockCount()];
    long at = 0;
    while (at < volume.blockCount()) {
      ProvisioningRun run = volume.provisioning(at, volume.blockCount() - at);
      assertThat(run.blocks()).isBetween(1L, volume.blockCount() - at);
      Arrays.fill(mapped, (int) at, (int) (at + run.blocks()), run.mapped());
      at += run.blocks();
    }
    return mapped;
  }

  @Test
  void provisioningFollowsWritesAndUnmaps() throws IOException {
    boolean[] fresh = provisioningMap();
    assertThat(fresh).doesNotContain(true);
    volume.write(0, ByteBuffer.wrap(blocks(8, 3)), false);
    boolean[] written = provisioningMap();
    for (int i = 0; i < 8; i++) {
      assertThat(written[i]).as("block %d after a write", i).isTrue();
    }
    assertThat(volume.provisioning(0, 1).mapped()).isTrue();
    assertThat(volume.provisioning(0, 1).blocks()).isEqualTo(1);
    volume.unmap(0, volume.blockCount());
    assertThat(provisioningMap()).doesNotContain(true);
    assertThatThrownBy(() -> volume.provisioning(volume.blockCount(), 1))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void geometryIsSane() {
    assertThat(volume.logicalBlockSize()).isIn(512, 4096);
    assertThat(volume.blockCount()).isGreaterThanOrEqualTo(256);
    assertThat(volume.sizeBytes()).isEqualTo(volume.blockCount() * volume.logicalBlockSize());
    assertThat(volume.identity().serial()).isNotBlank();
    assertThat(volume.readOnly()).isFalse();
  }

  @Test
  void neverWrittenBlocksReadAsZeros() throws IOException {
    assertThat(read(0, 4)).isEqualTo(new byte[4 * volume.logicalBlockSize()]);
    assertThat(read(volume.blockCount() - 1, 1)).isEqualTo(new byte[volume.logicalBlockSize()]);
  }

  @Test
  void writeThenReadBack() throws IOException {
    byte[] data = blocks(8, 5);
    volume.write(10, ByteBuffer.wrap(data), false);
    assertThat(read(10, 8)).isEqualTo(data);
    int bs = volume.logicalBlockSize();
    assertThat(read(12, 2)).isEqualTo(Arrays.copyOfRange(data, 2 * bs, 4 * bs));
    byte[] fua = blocks(1, 99);
    volume.write(volume.blockCount() - 1, ByteBuffer.wrap(fua), true);
    assertThat(read(volume.blockCount() - 1, 1)).isEqualTo(fua);
    volume.flush();
    assertThat(read(10, 8)).isEqualTo(data);
  }

  @Test
  void outOfRangeAndPartialBlocksAreInvalid() {
    int bs = volume.logicalBlockSize();
    long n = volume.blockCount();
    assertThatThrownBy(() -> volume.read(n, ByteBuffer.allocate(bs)))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> volume.write(n - 1, ByteBuffer.allocate(2 * bs), false))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> volume.read(-1, ByteBuffer.allocate(bs)))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> volume.write(0, ByteBuffer.allocate(bs + 1), false))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> volume.unmap(n - 1, 2)).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void unmapMakesBlocksReadAsZeros() throws IOException {
    byte[] data = blocks(6, 1);
    volume.write(20, ByteBuffer.wrap(data), false);
    volume.unmap(21, 3);
    int bs = volume.logicalBlockSize();
    byte[] expected = data.clone();
    Arrays.fill(expected, bs, 4 * bs, (byte) 0);
    assertThat(read(20, 6)).isEqualTo(expected);
  }

  @Test
  void writeSameFillsTheRange() throws IOException {
    byte[] one = blocks(1, 42);
    try {
      volume.writeSame(30, 5, ByteBuffer.wrap(one));
    } catch (NotSupportedException e) {
      return; // optional feature
    }
    byte[] all = read(30, 5);
    int bs = volume.logicalBlockSize();
    for (int i = 0; i < 5; i++) {
      assertThat(Arrays.copyOfRange(all, i * bs, (i + 1) * bs)).isEqualTo(one);
    }
    volume.writeSame(31, 2, ByteBuffer.allocate(bs));
    assertThat(read(31, 2)).isEqualTo(new byte[2 * bs]);
    assertThat(read(33, 1)).isEqualTo(one);
  }

  @Test
  void overwritesReplaceWholeBlocks() throws IOException {
    volume.write(0, ByteBuffer.wrap(blocks(4, 1)), false);
    byte[] second = blocks(2, 2);
    volume.write(1, ByteBuffer.wrap(second), false);
    int bs = volume.logicalBlockSize();
    byte[] all = read(0, 4);
    assertThat(Arrays.copyOfRange(all, bs, 3 * bs)).isEqualTo(second);
    assertThat(Arrays.copyOfRange(all, 0, bs)).isEqualTo(Arrays.copyOfRange(blocks(4, 1), 0, bs));
  }
}
