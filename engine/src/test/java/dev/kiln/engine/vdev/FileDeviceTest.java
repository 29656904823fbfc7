package dev.kiln.engine.vdev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDeviceTest {

  @TempDir Path dir;

  @Test
  void writesReadsAndReopensASparseFile() throws IOException {
    Path file = dir.resolve("disk0");
    try (FileDevice device = FileDevice.create(file, 64L << 20)) {
      assertThat(device.size()).isEqualTo(64L << 20);
      device.write(40L << 20, ByteBuffer.wrap(new byte[] {1, 2, 3}));
      device.flush();
      ByteBuffer back = ByteBuffer.allocate(3);
      device.read(40L << 20, back);
      assertThat(back.array()).containsExactly(1, 2, 3);
    }
    try (FileDevice device = FileDevice.open(file)) {
      assertThat(device.size()).isEqualTo(64L << 20);
      ByteBuffer back = ByteBuffer.allocate(4);
      device.read((40L << 20) - 1, back);
      assertThat(back.array()).containsExactly(0, 1, 2, 3);
      assertThat(device.name()).isEqualTo(file.toString());
    }
    assertThatThrownBy(() -> FileDevice.create(file, 1024))
        .isInstanceOf(FileAlreadyExistsException.class);
  }

  @Test
  void durableWritesReadBackAlignedOrNot() throws IOException {
    Path file = dir.resolve("log0");
    byte[] aligned = new byte[8192];
    new java.util.Random(1).nextBytes(aligned);
    byte[] odd = new byte[1000];
    new java.util.Random(2).nextBytes(odd);
    try (FileDevice device = FileDevice.create(file, 1L << 20)) {
      // Buffered bytes first: a direct write over them must win (the page cache is coherent).
      device.write(65536, ByteBuffer.wrap(new byte[8192]));
      device.writeDurable(65536, ByteBuffer.wrap(aligned));
      device.writeDurable(12345, ByteBuffer.wrap(odd)); // unaligned: written and flushed
      if (java.util.Set.of("ext4", "xfs", "btrfs").contains(Files.getFileStore(dir).type())) {
        assertThat(device.directIo()).as("O_DIRECT on a disk file system").isTrue();
      }
      ByteBuffer back = ByteBuffer.allocate(8192);
      device.read(65536, back);
      assertThat(back.array()).isEqualTo(aligned);
      ByteBuffer back2 = ByteBuffer.allocate(1000);
      device.read(12345, back2);
      assertThat(back2.array()).isEqualTo(odd);
      assertThatThrownBy(() -> device.writeDurable((1L << 20) - 4096, ByteBuffer.allocate(8192)))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("outside");
    }
    try (FileDevice device = FileDevice.open(file)) {
      ByteBuffer back = ByteBuffer.allocate(8192);
      device.read(65536, back);
      assertThat(back.array()).isEqualTo(aligned);
    }
  }

  @Test
  void ioOutsideTheDeviceFails() throws IOException {
    try (FileDevice device = FileDevice.create(dir.resolve("d"), 4096)) {
      assertThatThrownBy(() -> device.read(4000, ByteBuffer.allocate(100)))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("outside");
      assertThatThrownBy(() -> device.write(-1, ByteBuffer.allocate(1)))
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void prefetchHintsOnLinuxInsideTheDeviceOnly() throws IOException {
    boolean linux =
        System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).startsWith("linux");
    FileDevice device = FileDevice.create(dir.resolve("hinted"), 1L << 20);
    try (device) {
      device.write(0, ByteBuffer.wrap(new byte[] {9}));
      assertThat(device.prefetch(0, 64 << 10)).as("a hint inside the device").isEqualTo(linux);
      assertThat(device.prefetch((1L << 20) - 4096, 1L << 30))
          .as("a hint running past the end is cut at the end")
          .isEqualTo(linux);
      assertThat(device.prefetch(1L << 20, 4096)).as("a hint past the end").isFalse();
      assertThat(device.prefetch(-4096, 4096)).as("a negative offset").isFalse();
      assertThat(device.prefetch(0, 0)).as("an empty range").isFalse();
      ByteBuffer back = ByteBuffer.allocate(1);
      device.read(0, back);
      assertThat(back.get(0)).isEqualTo((byte) 9);
    }
    assertThat(device.prefetch(0, 4096)).as("after close").isFalse();
  }

  @Test
  void explicitSizeLimitsTheDevice() throws IOException {
    Path file = dir.resolve("big");
    FileDevice.create(file, 8192).close();
    try (FileDevice device = FileDevice.open(file, 4096)) {
      assertThat(device.size()).isEqualTo(4096);
      assertThatThrownBy(() -> device.read(4096, ByteBuffer.allocate(1)))
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void geometryPlacesFourLabelsAndTheBlockRegion() {
    DeviceGeometry g = DeviceGeometry.forDeviceSize((8L << 20) + 1000);
    assertThat(g.asize()).isEqualTo(8L << 20);
    assertThat(g.labelOffset(0)).isZero();
    assertThat(g.labelOffset(1)).isEqualTo(256 * 1024);
    assertThat(g.labelOffset(2)).isEqualTo((8L << 20) - 512 * 1024);
    assertThat(g.labelOffset(3)).isEqualTo((8L << 20) - 256 * 1024);
    assertThat(g.allocStart()).isEqualTo(512 * 1024);
    assertThat(g.allocEnd()).isEqualTo((8L << 20) - 512 * 1024);
    assertThat(DeviceGeometry.uberblockSlotCount(9)).isEqualTo(128);
    assertThat(DeviceGeometry.uberblockSlotCount(12)).isEqualTo(32);
    assertThatThrownBy(() -> DeviceGeometry.forDeviceSize(1 << 20))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void preallocateBacksAHoleWithWrittenZerosAndLeavesTheRestAlone() throws Exception {
    Path file = dir.resolve("pre.img");
    try (FileDevice d = FileDevice.create(file, 64L << 20)) {
      d.write(0, ByteBuffer.wrap(new byte[] {7, 7, 7, 7}));
      d.flush();
      long before = allocatedBytes(file);
      d.preallocate(8L << 20, 6L << 20);
      assertThat(allocatedBytes(file) - before).isGreaterThanOrEqualTo(6L << 20);
      assertThat(d.size()).isEqualTo(64L << 20);
      ByteBuffer head = ByteBuffer.allocate(4);
      d.read(0, head);
      assertThat(head.array()).containsExactly(7, 7, 7, 7);
      ByteBuffer middle = ByteBuffer.allocate(4096);
      d.read(10L << 20, middle);
      assertThat(middle.array()).containsOnly(0);
      assertThatThrownBy(() -> d.preallocate(60L << 20, 8L << 20)).isInstanceOf(IOException.class);
    }
  }

  /** Bytes the file system allocated to {@code file} (stat's %b blocks of 512 bytes). */
  private static long allocatedBytes(Path file) throws Exception {
    Process stat = new ProcessBuilder("stat", "-c", "%b", file.toString()).start();
    String out = new String(stat.getInputStream().readAllBytes()).trim();
    assertThat(stat.waitFor()).isZero();
    return Long.parseLong(out) * 512;
  }
}
