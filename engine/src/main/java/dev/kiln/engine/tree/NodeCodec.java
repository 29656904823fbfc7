package dev.kiln.engine.tree;

import dev.kiln.engine.block.BlockPointer;
import dev.kiln.engine.block.ChecksumType;
import dev.kiln.engine.block.Compression;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * On-disk node format, version 1 (big-endian).
 *
 * <pre>
 * header (12 bytes): magic "KBTN" (int) | version (byte) | type (byte: 1 leaf, 2 interior)
 *                    | level (byte: 0 for leaves, 1..32 for interior) | reserved 0 (byte)
 *                    | count (int)
 * leaf entry:        key (17) | value length (unsigned short) | value bytes
 * interior entry:    key (17) | child BlockPointer (38)
 * </pre>
 *
 * The parser bounds every length by the bytes actually present before allocating, so truncated or
 * random input fails fast with {@link CorruptNodeException}.
 */
final class NodeCodec {

  static final int MAGIC = 0x4B42544E;
  static final byte VERSION = 1;
  static final byte TYPE_LEAF = 1;
  static final byte TYPE_INTERIOR = 2;
  static final int HEADER_SIZE = 4 + 1 + 1 + 1 + 1 + 4;
  static final int LEAF_ENTRY_OVERHEAD = TreeKey.BYTES + 2;
  static final int INTERIOR_ENTRY_BYTES = TreeKey.BYTES + BlockPointer.SIZE;
  static final int MAX_LEVEL = 32;
  static final int MAX_NODE_BYTES = 1 << 20;
  static final int MAX_VALUE_BYTES = 0xFFFF;

  private NodeCodec() {}

  /** Encoded size of {@code node}. */
  static int encodedSize(Node node) {
    return HEADER_SIZE + node.payloadBytes();
  }

  /** Encodes a node whose children are all clean (written). */
  static ByteBuffer encode(Node node) {
    ByteBuffer buf = ByteBuffer.allocate(encodedSize(node)).order(ByteOrder.BIG_ENDIAN);
    buf.putInt(MAGIC)
        .put(VERSION)
        .put(node.isLeaf() ? TYPE_LEAF : TYPE_INTERIOR)
        .put((byte) node.level())
        .put((byte) 0)
        .putInt(node.size());
    for (int i = 0; i < node.size(); i++) {
      node.key(i).writeTo(buf);
      if (node.isLeaf()) {
        byte[] v = node.value(i);
        buf.putShort((short) v.length).put(v);
      } else {
        ChildSlot s = node.slot(i);
        if (s.dirty != null || s.pointer == null) {
          throw new IllegalStateException("bug: encoding a node with an unwritten child");
        }
        s.pointer.writeTo(buf);
      }
    }
    if (buf.hasRemaining()) {
      throw new IllegalStateException("bug: node size accounting is off by " + buf.remaining());
    }
    return buf.flip();
  }

  /** Parses a node, validating structure; the buffer's position is not changed. */
  static Node decode(ByteBuffer input) throws CorruptNodeException {
    ByteBuffer buf = input.duplicate().order(ByteOrder.BIG_ENDIAN);
    int length = buf.remaining();
    if (length < HEADER_SIZE) {
      throw new CorruptNodeException("truncated node: " + length + " bytes, header needs 12");
    }
    if (length > MAX_NODE_BYTES) {
      throw new CorruptNodeException("node of " + length + " bytes exceeds " + MAX_NODE_BYTES);
    }
    int magic = buf.getInt();
    if (magic != MAGIC) {
      throw new CorruptNodeException("bad node magic %08x".formatted(magic));
    }
    byte version = buf.get();
    if (version != VERSION) {
      throw new CorruptNodeException("unsupported node format version " + version);
    }
    byte type = buf.get();
    int level = Byte.toUnsignedInt(buf.get());
    byte reserved = buf.get();
    int count = buf.getInt();
    if (reserved != 0) {
      throw new CorruptNodeException("reserved header byte is " + reserved);
    }
    boolean leaf;
    if (type == TYPE_LEAF) {
      leaf = true;
      if (level != 0) {
        throw new CorruptNodeException("leaf node with level " + level);
      }
    } else if (type == TYPE_INTERIOR) {
      leaf = false;
      if (level < 1 || level > MAX_LEVEL) {
        throw new CorruptNodeException("interior node with level " + level);
      }
    } else {
      throw new CorruptNodeException("unknown node type " + type);
    }
    int minEntry = leaf ? LEAF_ENTRY_OVERHEAD : INTERIOR_ENTRY_BYTES;
    if (count < 0 || count > buf.remaining() / minEntry) {
      throw new CorruptNodeException(
          "entry count %d impossible in %d bytes".formatted(count, buf.remaining()));
    }
    if (!leaf && count == 0) {
      throw new CorruptNodeException("interior node without children");
    }
    List<TreeKey> keys = new ArrayList<>(count);
    List<byte[]> values = leaf ? new ArrayList<>(count) : null;
    List<ChildSlot> slots = leaf ? null : new ArrayList<>(count);
    TreeKey previous = null;
    for (int i = 0; i < count; i++) {
      if (buf.remaining() < minEntry) {
        throw new CorruptNodeException("truncated node: entry " + i + " of " + count);
      }
      TreeKey key = TreeKey.readFrom(buf);
      if (previous != null && previous.compareTo(key) >= 0) {
        throw new CorruptNodeException("keys out of order at entry " + i + ": " + key);
      }
      previous = key;
      keys.add(key);
      if (leaf) {
        int len = Short.toUnsignedInt(buf.getShort());
        if (len > buf.remaining()) {
          throw new CorruptNodeException(
              "truncated node: value of %d bytes at entry %d, %d left"
                  .formatted(len, i, buf.remaining()));
        }
        byte[] v = new byte[len];
        buf.get(v);
        values.add(v);
      } else {
        slots.add(ChildSlot.clean(checkedPointer(BlockPointer.readFrom(buf), i)));
      }
    }
    if (buf.hasRemaining()) {
      throw new CorruptNodeException(
          buf.remaining() + " trailing bytes after " + count + " entries");
    }
    return leaf ? Node.leaf(keys, values) : Node.interior(level, keys, slots);
  }

  private static BlockPointer checkedPointer(BlockPointer p, int entry)
      throws CorruptNodeException {
    if (p.vdev() < 0
        || p.offset() < 0
        || p.physicalSize() <= 0
        || p.logicalSize() <= 0
        || p.logicalSize() > MAX_NODE_BYTES
        || p.birthTxg() < 0) {
      throw new CorruptNodeException("invalid child pointer at entry " + entry + ": " + p);
    }
    try {
      Compression.ofId(p.compression());
      ChecksumType.ofId(p.checksumType());
    } catch (IllegalArgumentException e) {
      throw new CorruptNodeException(
          "invalid child pointer at entry " + entry + ": " + e.getMessage());
    }
    return p;
  }
}
