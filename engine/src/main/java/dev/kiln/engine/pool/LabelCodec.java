package dev.kiln.engine.pool;

import dev.kiln.engine.block.BlockChecksum;
import dev.kiln.engine.block.CorruptMetadataException;
import dev.kiln.engine.vdev.DeviceGeometry;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Binary encoding of a {@link Label} in the configuration area of a label (layout in the package
 * documentation). Decoding validates magic, length, checksum and every field before trusting any.
 */
public final class LabelCodec {

  /** "KILNLABL". */
  public static final long MAGIC = 0x4B494C4E4C41424CL;

  static final int HEADER = 16;
  static final int MAX_NAME = 256;
  static final int MAX_VDEVS = 1024;
  static final int MAX_FEATURES = 256;

  private LabelCodec() {}

  /** Encodes {@code label} into exactly {@link DeviceGeometry#CONFIG_SIZE} bytes (zero padded). */
  public static ByteBuffer encode(Label label) {
    ByteBuffer body = ByteBuffer.allocate(DeviceGeometry.CONFIG_SIZE - HEADER - 8);
    body.putLong(label.poolGuid())
        .putLong(label.deviceGuid())
        .putInt(label.vdevIndex())
        .putInt(label.ashift())
        .putLong(label.createTxg());
    putString(body, label.poolName());
    body.putInt(label.vdevs().size());
    for (VdevConfig v : label.vdevs()) {
      body.putLong(v.guid()).putLong(v.asize());
    }
    putStrings(body, label.requiredFeatures());
    putStrings(body, label.writeFeatures());
    body.flip();
    ByteBuffer out = ByteBuffer.allocate(DeviceGeometry.CONFIG_SIZE);
    out.putLong(MAGIC).putInt(label.formatVersion()).putInt(body.remaining()).put(body);
    out.putLong(BlockChecksum.of(out.duplicate().flip()));
    return out.clear();
  }

  /** Decodes a configuration area; anything malformed is a {@link CorruptMetadataException}. */
  public static Label decode(ByteBuffer area) throws CorruptMetadataException {
    ByteBuffer buf = area.duplicate();
    try {
      if (buf.remaining() < HEADER + 8) {
        throw new CorruptMetadataException("label is truncated: " + buf.remaining() + " bytes");
      }
      int start = buf.position();
      long magic = buf.getLong();
      if (magic != MAGIC) {
        throw new CorruptMetadataException("no Kiln label here (magic %016x)".formatted(magic));
      }
      int version = buf.getInt();
      int length = buf.getInt();
      if (length < 0 || length > buf.remaining() - 8) {
        throw new CorruptMetadataException(
            "label body length %d exceeds the %d bytes available"
                .formatted(length, buf.remaining()));
      }
      long expected =
          BlockChecksum.of(buf.duplicate().position(start).limit(start + HEADER + length));
      long stored = buf.duplicate().position(start + HEADER + length).getLong();
      if (stored != expected) {
        throw new CorruptMetadataException(
            "label checksum mismatch: stored %016x, computed %016x".formatted(stored, expected));
      }
      ByteBuffer body = buf.slice(buf.position(), length);
      long poolGuid = body.getLong();
      long deviceGuid = body.getLong();
      int vdevIndex = body.getInt();
      int ashift = body.getInt();
      long createTxg = body.getLong();
      String name = getString(body);
      int vdevCount = body.getInt();
      check(vdevCount >= 1 && vdevCount <= MAX_VDEVS, "label lists " + vdevCount + " devices");
      check(vdevIndex >= 0 && vdevIndex < vdevCount, "label device index " + vdevIndex);
      check(ashift == 9 || ashift == 12, "label ashift " + ashift);
      List<VdevConfig> vdevs = new ArrayList<>(vdevCount);
      for (int i = 0; i < vdevCount; i++) {
        long guid = body.getLong();
        long asize = body.getLong();
        check(
            asize >= DeviceGeometry.MIN_DEVICE_SIZE && asize % DeviceGeometry.LABEL_SIZE == 0,
            "label device size " + asize);
        vdevs.add(new VdevConfig(guid, asize));
      }
      check(vdevs.get(vdevIndex).guid() == deviceGuid, "label device guid is not in its vdev list");
      Set<String> required = getStrings(body);
      Set<String> write = getStrings(body);
      check(!body.hasRemaining(), "label has " + body.remaining() + " trailing bytes");
      return new Label(
          version,
          name,
          poolGuid,
          deviceGuid,
          vdevIndex,
          ashift,
          createTxg,
          vdevs,
          required,
          write);
    } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
      throw new CorruptMetadataException("label is truncated or malformed", e);
    }
  }

  private static void check(boolean ok, String what) throws CorruptMetadataException {
    if (!ok) {
      throw new CorruptMetadataException("label is invalid: " + what);
    }
  }

  private static void putString(ByteBuffer buf, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > MAX_NAME) {
      throw new IllegalArgumentException("string too long for a label: " + s);
    }
    buf.putShort((short) bytes.length).put(bytes);
  }

  private static void putStrings(ByteBuffer buf, Set<String> strings) {
    buf.putShort((short) strings.size());
    for (String s : strings.stream().sorted().toList()) {
      putString(buf, s);
    }
  }

  private static String getString(ByteBuffer buf) throws CorruptMetadataException {
    int length = Short.toUnsignedInt(buf.getShort());
    check(length <= MAX_NAME, "string of " + length + " bytes");
    byte[] bytes = new byte[length];
    buf.get(bytes);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new CorruptMetadataException("label string is not UTF-8", e);
    }
  }

  private static Set<String> getStrings(ByteBuffer buf) throws CorruptMetadataException {
    int count = Short.toUnsignedInt(buf.getShort());
    check(count <= MAX_FEATURES, count + " feature names");
    Set<String> out = new LinkedHashSet<>();
    for (int i = 0; i < count; i++) {
      out.add(getString(buf));
    }
    return out;
  }
}
