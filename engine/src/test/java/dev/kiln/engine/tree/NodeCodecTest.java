package dev.kiln.engine.tree;

import static dev.kiln.engine.tree.TreeFixtures.key;
import static dev.kiln.engine.tree.TreeFixtures.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.block.BlockPointer;
import dev.kiln.engine.block.ChecksumType;
import dev.kiln.engine.block.Compression;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NodeCodecTest {

  private static Node sampleLeaf() {
    List<TreeKey> keys = new ArrayList<>();
    List<byte[]> values = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      keys.add(key(i * 3));
      values.add(value(i, i % 7));
    }
    return Node.leaf(keys, values);
  }

  private static Node sampleInterior() {
    List<TreeKey> keys = new ArrayList<>();
    List<ChildSlot> slots = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      keys.add(key(i * 100));
      slots.add(
          ChildSlot.clean(
              new BlockPointer(
                  0,
                  4096L * (i + 1),
                  300,
                  512,
                  7,
                  Compression.LZ4.id(),
                  ChecksumType.CRC32C_CRC32.id(),
                  0x1234_5678_9ABCL * i)));
    }
    return Node.interior(3, keys, slots);
  }

  private static byte[] bytes(Node n) {
    ByteBuffer b = NodeCodec.encode(n);
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  @Test
  void leafAndInteriorNodesRoundTrip() throws Exception {
    for (Node n : List.of(sampleLeaf(), sampleInterior(), Node.emptyLeaf())) {
      byte[] encoded = bytes(n);
      assertThat(encoded.length).isEqualTo(NodeCodec.encodedSize(n));
      Node back = NodeCodec.decode(ByteBuffer.wrap(encoded));
      assertThat(back.level()).isEqualTo(n.level());
      assertThat(back.size()).isEqualTo(n.size());
      for (int i = 0; i < n.size(); i++) {
        assertThat(back.key(i)).isEqualTo(n.key(i));
        if (n.isLeaf()) {
          assertThat(back.value(i)).isEqualTo(n.value(i));
        } else {
          assertThat(back.slot(i).pointer).isEqualTo(n.slot(i).pointer);
        }
      }
      assertThat(bytes(back)).isEqualTo(encoded);
    }
  }

  @Test
  void everyTruncationIsRejected() {
    for (Node n : List.of(sampleLeaf(), sampleInterior())) {
      byte[] encoded = bytes(n);
      for (int len = 0; len < encoded.length; len++) {
        ByteBuffer cut = ByteBuffer.wrap(encoded, 0, len);
        assertThatThrownBy(() -> NodeCodec.decode(cut))
            .as("truncated to %d of %d bytes", len, encoded.length)
            .isInstanceOf(CorruptNodeException.class);
      }
    }
  }

  @Test
  void trailingBytesAreRejected() {
    byte[] encoded = bytes(sampleLeaf());
    byte[] longer = java.util.Arrays.copyOf(encoded, encoded.length + 3);
    assertThatThrownBy(() -> NodeCodec.decode(ByteBuffer.wrap(longer)))
        .isInstanceOf(CorruptNodeException.class)
        .hasMessageContaining("trailing");
  }

  @Test
  void randomBytesAreRejected() {
    Random rnd = new Random(1);
    for (int i = 0; i < 20_000; i++) {
      byte[] junk = new byte[rnd.nextInt(2048)];
      rnd.nextBytes(junk);
      assertThatThrownBy(() -> NodeCodec.decode(ByteBuffer.wrap(junk)))
          .isInstanceOf(CorruptNodeException.class);
    }
  }

  @Test
  void randomBodiesBehindAValidHeaderAreRejectedOrParseConsistently() {
    Random rnd = new Random(2);
    int parsed = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] junk = new byte[12 + rnd.nextInt(600)];
      rnd.nextBytes(junk);
      ByteBuffer header = ByteBuffer.wrap(junk);
      boolean leaf = rnd.nextBoolean();
      header.putInt(NodeCodec.MAGIC).put(NodeCodec.VERSION);
      header.put(leaf ? NodeCodec.TYPE_LEAF : NodeCodec.TYPE_INTERIOR);
      header.put((byte) (leaf ? 0 : 1 + rnd.nextInt(3))).put((byte) 0);
      // Counts from 0 to absurdly large: must never allocate by the claimed count.
      header.putInt(rnd.nextInt(4) == 0 ? rnd.nextInt() : rnd.nextInt(8));
      try {
        Node n = NodeCodec.decode(ByteBuffer.wrap(junk));
        assertThat(bytes(n)).isEqualTo(junk);
        parsed++;
      } catch (CorruptNodeException expected) {
        assertThat(expected).hasMessageNotContaining("bug");
      }
    }
    assertThat(parsed).isPositive();
  }

  @Test
  void bitFlipsInAValidNodeAreRejectedOrParseToTheFlippedBytes() {
    byte[] encoded = bytes(sampleInterior());
    for (int bit = 0; bit < encoded.length * 8; bit++) {
      byte[] flipped = encoded.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      try {
        Node n = NodeCodec.decode(ByteBuffer.wrap(flipped));
        assertThat(bytes(n)).isEqualTo(flipped);
      } catch (CorruptNodeException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
  }

  @Test
  void headerFieldsAreCheckedWithClearMessages() {
    byte[] good = bytes(sampleLeaf());
    assertThatThrownBy(() -> NodeCodec.decode(ByteBuffer.wrap(patch(good, 0, (byte) 0))))
        .hasMessageContaining("magic");
    assertThatThrownBy(() -> NodeCodec.decode(ByteBuffer.wrap(patch(good, 4, (byte) 9))))
        .hasMessageContaining("version 9");
    assertThatThrownBy(() -> NodeCodec.decode(ByteBuffer.wrap(patch(good, 5, (byte) 7))))
        .hasMessageContaining("type 7");
    assertThatThrownBy(() -> NodeCodec.decode(ByteBuffer.wrap(patch(good, 6, (byte) 2))))
        .hasMessageContaining("leaf node with level 2");
    assertThatThrownBy(() -> NodeCodec.decode(ByteBuffer.wrap(patch(good, 8, (byte) 0x7f))))
        .hasMessageContaining("entry count");
    byte[] interior = bytes(sampleInterior());
    assertThatThrownBy(() -> NodeCodec.decode(ByteBuffer.wrap(patch(interior, 6, (byte) 40))))
        .hasMessageContaining("interior node with level 40");
    // Swap the first two keys' object id bytes: order check.
    byte[] swapped = good.clone();
    System.arraycopy(good, 12 + 19, swapped, 12, 17);
    assertThatThrownBy(() -> NodeCodec.decode(ByteBuffer.wrap(swapped)))
        .isInstanceOf(CorruptNodeException.class);
  }

  private static byte[] patch(byte[] bytes, int at, byte value) {
    byte[] out = bytes.clone();
    out[at] = value;
    return out;
  }
}
