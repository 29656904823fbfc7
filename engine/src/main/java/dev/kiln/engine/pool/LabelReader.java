package dev.kiln.engine.pool;

import dev.kiln.engine.api.io.StorageDevice;
import dev.kiln.engine.block.CorruptMetadataException;
import dev.kiln.engine.vdev.DeviceGeometry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Reads the four labels and the uberblock rings of a device, tolerating damaged copies. */
final class LabelReader {

  private LabelReader() {}

  /** One label copy: the decoded label, or why it could not be decoded. */
  record LabelCopy(int index, Label label, String error) {}

  /** Reads all four labels; the end labels are located from a valid front label if any. */
  static List<LabelCopy> readLabels(StorageDevice device) throws IOException {
    long size = device.size();
    List<LabelCopy> copies = new ArrayList<>();
    if (size < DeviceGeometry.MIN_DEVICE_SIZE) {
      return copies;
    }
    DeviceGeometry fallback = DeviceGeometry.forDeviceSize(size);
    for (int i = 0; i < 2; i++) {
      copies.add(readLabel(device, i, fallback.labelOffset(i)));
    }
    DeviceGeometry geometry = fallback;
    for (LabelCopy c : copies) {
      if (c.label() != null) {
        long asize = c.label().vdevs().get(c.label().vdevIndex()).asize();
        if (asize <= size) {
          geometry = new DeviceGeometry(asize);
        }
        break;
      }
    }
    for (int i = 2; i < DeviceGeometry.LABEL_COUNT; i++) {
      copies.add(readLabel(device, i, geometry.labelOffset(i)));
    }
    return copies;
  }

  private static LabelCopy readLabel(StorageDevice device, int index, long offset)
      throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(DeviceGeometry.CONFIG_SIZE);
    device.read(offset + DeviceGeometry.CONFIG_OFFSET, buf);
    try {
      return new LabelCopy(index, LabelCodec.decode(buf.flip()), null);
    } catch (CorruptMetadataException e) {
      return new LabelCopy(index, null, e.getMessage());
    }
  }

  /** The first valid label copy, or null. */
  static Label firstValid(List<LabelCopy> copies) {
    for (LabelCopy c : copies) {
      if (c.label() != null) {
        return c.label();
      }
    }
    return null;
  }

  /** Every decodable uberblock in label {@code label}'s ring. */
  static List<Uberblock> readRing(
      StorageDevice device, DeviceGeometry geometry, int label, int ashift) throws IOException {
    ByteBuffer ring = ByteBuffer.allocate(DeviceGeometry.RING_SIZE);
    device.read(geometry.labelOffset(label) + DeviceGeometry.RING_OFFSET, ring);
    int slotSize = DeviceGeometry.uberblockSlotSize(ashift);
    List<Uberblock> out = new ArrayList<>();
    for (int slot = 0; slot < DeviceGeometry.uberblockSlotCount(ashift); slot++) {
      try {
        out.add(UberblockCodec.decode(ring.slice(slot * slotSize, slotSize)));
      } catch (CorruptMetadataException e) {
        // Empty or damaged slot: the ring is redundant across labels and txgs.
      }
    }
    return out;
  }
}
