package dev.kiln.iscsi.pdu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PduCodecTest {

  /** A gathering channel over a byte array, as the socket would be. */
  private static final class Sink implements GatheringByteChannel {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final WritableByteChannel ch = Channels.newChannel(bytes);

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
      long n = 0;
      for (int i = offset; i < offset + length; i++) {
        n += ch.write(srcs[i]);
      }
      return n;
    }

    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
      return write(srcs, 0, srcs.length);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      return ch.write(src);
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }

  private static byte[] encode(Pdu pdu, boolean digests) throws IOException {
    Sink sink = new Sink();
    PduWriter w = new PduWriter(sink);
    w.digests(digests, digests);
    w.write(pdu);
    return sink.bytes.toByteArray();
  }

  private static PduReader reader(byte[] wire, boolean digests, int max) {
    ReadableByteChannel in = Channels.newChannel(new java.io.ByteArrayInputStream(wire));
    PduReader r = new PduReader(in, max);
    r.digests(digests, digests);
    return r;
  }

  private static Pdu sample() {
    Pdu p = Pdu.create(Opcode.SCSI_COMMAND).u8(1, 0xa0).i32(16, 0x1234).i32(20, 5);
    p.ahs(ByteBuffer.wrap(new byte[] {0, 5, 1, 0, 1, 2, 3, 4}));
    return p.data(ByteBuffer.wrap(new byte[] {9, 8, 7, 6, 5}));
  }

  /** A channel that takes at most three bytes per call, as a full socket buffer would. */
  private static final class Trickle implements GatheringByteChannel {
    final Sink sink = new Sink();

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
      for (int i = offset; i < offset + length; i++) {
        if (srcs[i].hasRemaining()) {
          return write(srcs[i]);
        }
      }
      return 0;
    }

    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
      return write(srcs, 0, srcs.length);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      ByteBuffer part = src.slice(src.position(), Math.min(3, src.remaining()));
      int n = sink.write(part);
      src.position(src.position() + n);
      return n;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }

  @Test
  void aBatchIsWrittenWholeAndInOrderThroughPartialWrites() throws IOException {
    for (boolean digests : new boolean[] {false, true}) {
      Trickle channel = new Trickle();
      PduWriter w = new PduWriter(channel);
      w.digests(digests, digests);
      Pdu nop = Pdu.create(Opcode.NOP_IN).i32(16, 77);
      w.write(java.util.List.of(sample(), nop, sample().i32(16, 0x5678)));
      byte[] wire = channel.sink.bytes.toByteArray();
      byte[] one = encode(sample(), digests);
      assertThat(wire).hasSize(2 * one.length + 48 + (digests ? 4 : 0));
      PduReader r = reader(wire, digests, 8192);
      assertThat(r.read().itt()).isEqualTo(0x1234);
      assertThat(r.read().itt()).isEqualTo(77);
      Pdu last = r.read();
      assertThat(last.itt()).isEqualTo(0x5678);
      assertThat(last.data().remaining()).isEqualTo(5);
      assertThatThrownBy(r::read).isInstanceOf(EOFException.class);
    }
  }

  @Test
  void roundTripWithAndWithoutDigests() throws IOException {
    for (boolean digests : new boolean[] {false, true}) {
      byte[] wire = encode(sample(), digests);
      // BHS + AHS + (digest) + 5 data bytes padded to 8 + (digest).
      assertThat(wire).hasSize(48 + 8 + 8 + (digests ? 8 : 0));
      Pdu back = reader(wire, digests, 8192).read();
      assertThat(back.opcode()).isEqualTo(Opcode.SCSI_COMMAND);
      assertThat(back.itt()).isEqualTo(0x1234);
      assertThat(back.totalAhsWords()).isEqualTo(2);
      byte[] data = new byte[back.data().remaining()];
      back.data().get(data);
      assertThat(data).containsExactly(9, 8, 7, 6, 5);
    }
  }

  @Test
  void crc32cMatchesTheRfc3720TestVector() {
    // RFC 3720 Appendix B.4: 32 bytes of zeros have CRC32C 0x8a9136aa (wire bytes aa 36 91 8a).
    int crc = Digests.crc32c(ByteBuffer.allocate(32));
    assertThat(crc).isEqualTo(0x8a9136aa);
    assertThat(Digests.wire(crc).array()).containsExactly(0xaa, 0x36, 0x91, 0x8a);
  }

  @Test
  void headerDigestMismatchIsAFramingError() throws IOException {
    byte[] wire = encode(sample(), true);
    wire[20] ^= 1;
    assertThatThrownBy(() -> reader(wire, true, 8192).read())
        .isInstanceOf(PduFormatException.class)
        .hasMessageContaining("header digest");
  }

  @Test
  void dataDigestMismatchKeepsTheHeader() throws IOException {
    byte[] wire = encode(sample(), true);
    wire[48 + 8 + 4] ^= 1;
    assertThatThrownBy(() -> reader(wire, true, 8192).read())
        .isInstanceOfSatisfying(
            DataDigestException.class, e -> assertThat(e.header().itt()).isEqualTo(0x1234));
  }

  @Test
  void oversizedSegmentIsRefusedBeforeAllocation() throws IOException {
    Pdu p = Pdu.create(Opcode.NOP_OUT);
    byte[] wire = encode(p, false);
    wire[5] = (byte) 0xff;
    wire[6] = (byte) 0xff;
    wire[7] = (byte) 0xff;
    assertThatThrownBy(() -> reader(wire, false, 8192).read())
        .isInstanceOf(PduFormatException.class)
        .hasMessageContaining("exceeds MaxRecvDataSegmentLength");
  }

  @Test
  void everyTruncationIsAnEndOfStream() throws IOException {
    byte[] wire = encode(sample(), true);
    for (int cut = 1; cut < wire.length; cut++) {
      byte[] part = Arrays.copyOf(wire, cut);
      assertThatThrownBy(() -> reader(part, true, 8192).read())
          .as("cut at %d", cut)
          .isInstanceOf(EOFException.class);
    }
  }

  @Test
  void randomInputOnlyEverFailsWithIoErrors() {
    Random random = new Random(7143);
    for (int round = 0; round < 20_000; round++) {
      byte[] wire = new byte[random.nextInt(200)];
      random.nextBytes(wire);
      boolean digests = random.nextBoolean();
      try {
        PduReader r = reader(wire, digests, 1024);
        while (true) {
          r.read();
        }
      } catch (IOException expected) {
        // EOF, framing or digest errors: what the connection turns into a drop or a Reject.
      }
    }
  }

  /** A channel that hands out the given pieces, one per read call, then end of stream. */
  private static final class Pieces implements ReadableByteChannel {
    private final java.util.ArrayDeque<ByteBuffer> pieces = new java.util.ArrayDeque<>();

    Pieces(byte[]... parts) {
      for (byte[] p : parts) {
        pieces.add(ByteBuffer.wrap(p));
      }
    }

    @Override
    public int read(ByteBuffer dst) {
      ByteBuffer p = pieces.peek();
      if (p == null) {
        return -1;
      }
      int n = Math.min(dst.remaining(), p.remaining());
      dst.put(p.slice(p.position(), n));
      p.position(p.position() + n);
      if (!p.hasRemaining()) {
        pieces.poll();
      }
      return n;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }

  @Test
  void pdusThatArriveTogetherAreReadAheadAndKnownToBeWhole() throws IOException {
    for (boolean digests : new boolean[] {false, true}) {
      ByteArrayOutputStream wire = new ByteArrayOutputStream();
      for (int itt = 1; itt <= 3; itt++) {
        wire.writeBytes(encode(sample().i32(16, itt), digests));
      }
      wire.writeBytes(encode(Pdu.create(Opcode.NOP_OUT).i32(16, 4), digests));
      PduReader r = reader(wire.toByteArray(), digests, 8192);
      assertThat(r.wholePduBuffered()).as("nothing read yet").isFalse();
      for (int itt = 1; itt <= 4; itt++) {
        Pdu p = r.read();
        assertThat(p.itt()).isEqualTo(itt);
        assertThat(r.wholePduBuffered()).as("after %d", itt).isEqualTo(itt < 4);
      }
      assertThatThrownBy(r::read).isInstanceOf(java.io.EOFException.class);
    }
  }

  @Test
  void aPduOnlyPartlyArrivedIsNotWholeUntilTheRestIsRead() throws IOException {
    for (boolean digests : new boolean[] {false, true}) {
      byte[] first = encode(sample().i32(16, 1), digests);
      byte[] second = encode(sample().i32(16, 2), digests);
      for (int cut : new int[] {1, 47, 48, 55, second.length - 1}) {
        byte[] head = new byte[first.length + cut];
        System.arraycopy(first, 0, head, 0, first.length);
        System.arraycopy(second, 0, head, first.length, cut);
        byte[] tail = java.util.Arrays.copyOfRange(second, cut, second.length);
        PduReader r = new PduReader(new Pieces(head, tail), 8192);
        r.digests(digests, digests);
        assertThat(r.read().itt()).isEqualTo(1);
        assertThat(r.wholePduBuffered()).as("cut at %d", cut).isFalse();
        Pdu p = r.read();
        assertThat(p.itt()).isEqualTo(2);
        assertThat(p.data()).isEqualTo(ByteBuffer.wrap(new byte[] {9, 8, 7, 6, 5}));
        assertThat(r.wholePduBuffered()).isFalse();
      }
    }
  }
}
