package dev.kiln.testkit.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CrashInjectingDeviceTest {

  private static ByteBuffer filled(int length, int value) {
    byte[] b = new byte[length];
    Arrays.fill(b, (byte) value);
    return ByteBuffer.wrap(b);
  }

  @Test
  void readsSeeUnflushedWritesButCrashKeepsFlushedOnes() throws IOException {
    CrashInjectingDevice device = new CrashInjectingDevice("d", 8192);
    device.write(0, filled(4096, 1));
    device.flush();
    device.write(4096, filled(4096, 2));
    ByteBuffer read = ByteBuffer.allocate(8192);
    device.read(0, read);
    assertThat(read.get(4096)).isEqualTo((byte) 2);
    assertThat(device.unflushedWrites()).isEqualTo(1);
    for (int seed = 0; seed < 50; seed++) {
      byte[] image = device.crash(new Random(seed)).copyOfImage();
      for (int i = 0; i < 4096; i++) {
        assertThat(image[i]).isEqualTo((byte) 1);
      }
    }
  }

  @Test
  void unflushedWritesAreKeptDroppedOrTornAtSectorGranularity() throws IOException {
    CrashInjectingDevice device = new CrashInjectingDevice("d", 8192);
    device.write(0, filled(8192, 7));
    Set<Integer> keptLengths = new HashSet<>();
    for (int seed = 0; seed < 300; seed++) {
      byte[] image = device.crash(new Random(seed)).copyOfImage();
      int kept = 0;
      while (kept < image.length && image[kept] == 7) {
        kept++;
      }
      for (int i = kept; i < image.length; i++) {
        assertThat(image[i]).as("byte %d after a kept prefix of %d", i, kept).isZero();
      }
      assertThat(kept % CrashInjectingDevice.SECTOR).isZero();
      keptLengths.add(kept);
    }
    assertThat(keptLengths).contains(0, 8192);
    assertThat(keptLengths.stream().filter(k -> k > 0 && k < 8192)).isNotEmpty();
  }

  @Test
  void laterWritesWinWhenKept() throws IOException {
    CrashInjectingDevice device = new CrashInjectingDevice("d", 512);
    device.write(0, filled(512, 1));
    device.write(0, filled(512, 2));
    Set<Byte> outcomes = new HashSet<>();
    for (int seed = 0; seed < 100; seed++) {
      outcomes.add(device.crash(new Random(seed)).copyOfImage()[0]);
    }
    assertThat(outcomes).containsExactlyInAnyOrder((byte) 0, (byte) 1, (byte) 2);
  }

  @Test
  void powerSupplyFailsAfterItsBudgetAndStaysOff() throws IOException {
    PowerSupply power = new PowerSupply();
    CrashInjectingDevice a = new CrashInjectingDevice("a", new byte[1024], power);
    CrashInjectingDevice b = new CrashInjectingDevice("b", new byte[1024], power);
    power.failAfter(2);
    a.write(0, filled(512, 1));
    b.flush();
    assertThatThrownBy(() -> a.flush()).isInstanceOf(SimulatedPowerLossException.class);
    assertThat(power.isOff()).isTrue();
    assertThatThrownBy(() -> b.read(0, ByteBuffer.allocate(1)))
        .isInstanceOf(SimulatedPowerLossException.class);
    assertThat(a.unflushedWrites()).isEqualTo(1);
  }

  @Test
  void outOfRangeIoIsRejected() {
    CrashInjectingDevice device = new CrashInjectingDevice("d", 1024);
    assertThatThrownBy(() -> device.write(1000, filled(100, 1)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("outside");
    MemoryDevice memory = new MemoryDevice("m", 1024);
    assertThatThrownBy(() -> memory.read(-1, ByteBuffer.allocate(4)))
        .isInstanceOf(IOException.class);
  }

  @Test
  void memoryDeviceFlipsBits() throws IOException {
    MemoryDevice memory = new MemoryDevice("m", 16);
    memory.flipBit(3, 2);
    ByteBuffer b = ByteBuffer.allocate(16);
    memory.read(0, b);
    assertThat(b.get(3)).isEqualTo((byte) 4);
  }
}
