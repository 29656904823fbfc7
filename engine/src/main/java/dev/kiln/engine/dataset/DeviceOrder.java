package dev.kiln.engine.dataset;

import dev.kiln.engine.api.io.StorageDevice;
import dev.kiln.engine.block.CorruptMetadataException;
import dev.kiln.engine.pool.Label;
import dev.kiln.engine.pool.LabelCodec;
import dev.kiln.engine.pool.Pool;
import dev.kiln.engine.vdev.DeviceGeometry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/** Orders a pool's devices by vdev index, from their labels (the intent log writes to them). */
public final class DeviceOrder {

  private DeviceOrder() {}

  /** The devices of {@code pool} among {@code devices}, indexed by vdev. */
  public static List<StorageDevice> byVdevIndex(Pool pool, List<? extends StorageDevice> devices)
      throws IOException {
    StorageDevice[] out = new StorageDevice[pool.config().vdevs().size()];
    for (StorageDevice d : devices) {
      Label label = firstLabel(d);
      if (label != null && label.poolGuid() == pool.guid() && label.vdevIndex() < out.length) {
        out[label.vdevIndex()] = d;
      }
    }
    for (int i = 0; i < out.length; i++) {
      if (out[i] == null) {
        throw new IOException(
            "vdev " + i + " of pool '" + pool.name() + "' is not among the devices");
      }
    }
    return Arrays.asList(out);
  }

  private static Label firstLabel(StorageDevice d) throws IOException {
    DeviceGeometry g = DeviceGeometry.forDeviceSize(d.size());
    for (int i = 0; i < DeviceGeometry.LABEL_COUNT; i++) {
      ByteBuffer area = ByteBuffer.allocate(DeviceGeometry.CONFIG_SIZE);
      d.read(g.labelOffset(i) + DeviceGeometry.CONFIG_OFFSET, area);
      try {
        return LabelCodec.decode(area.flip());
      } catch (CorruptMetadataException e) {
        // try the next copy
      }
    }
    return null;
  }
}
