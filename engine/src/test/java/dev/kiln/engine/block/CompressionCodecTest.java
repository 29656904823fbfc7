package dev.kiln.engine.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CompressionCodecTest {

  private static byte[] compressible(int size) {
    byte[] text = "kiln stores blocks; ".getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[size];
    for (int i = 0; i < size; i++) {
      out[i] = text[i % text.length];
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(
      value = Compression.class,
      names = {"LZ4", "ZSTD"})
  void compressibleDataRoundTrips(Compression compression) throws IOException {
    byte[] data = compressible(64 * 1024);
    byte[] packed = CompressionCodec.compress(compression, data, 0, data.length);
    assertThat(packed).isNotNull();
    assertThat(packed.length).isLessThan(data.length / 2);
    assertThat(CompressionCodec.decompress(compression, packed, 0, packed.length, data.length))
        .isEqualTo(data);
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void randomDataIsNotWorthCompressing(Compression compression) {
    byte[] data = new byte[16 * 1024];
    new Random(1).nextBytes(data);
    assertThat(CompressionCodec.compress(compression, data, 0, data.length)).isNull();
  }

  @ParameterizedTest
  @EnumSource(
      value = Compression.class,
      names = {"LZ4", "ZSTD"})
  void garbageOrWrongSizesFailCleanly(Compression compression) throws IOException {
    byte[] data = compressible(8192);
    byte[] packed = CompressionCodec.compress(compression, data, 0, data.length);
    assertThatThrownBy(
            () ->
                CompressionCodec.decompress(compression, packed, 0, packed.length, data.length + 1))
        .isInstanceOf(IOException.class);
    byte[] garbage = new byte[300];
    new Random(2).nextBytes(garbage);
    assertThatThrownBy(() -> CompressionCodec.decompress(compression, garbage, 0, 300, 4096))
        .isInstanceOf(IOException.class);
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void keepsOnlyWhenSavingAtLeastAnEighth(Compression ignored) {
    assertThat(CompressionCodec.worthKeeping(7 * 1024, 8 * 1024)).isTrue();
    assertThat(CompressionCodec.worthKeeping(7 * 1024 + 1, 8 * 1024)).isFalse();
    assertThat(CompressionCodec.worthKeeping(0, 8 * 1024)).isFalse();
  }

  private static ByteBuffer buffer(byte[] data, boolean direct) {
    ByteBuffer b =
        direct
            ? ByteBuffer.allocateDirect(data.length + 16)
            : ByteBuffer.allocate(data.length + 16);
    // An offset, so that positions (not zero) are honoured.
    b.position(16);
    b.put(data).position(16);
    return b;
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void buffersRoundTripBetweenHeapAndDirectWithoutMovingPositions(Compression compression)
      throws IOException {
    byte[] data = compressible(16 * 1024);
    byte[] packed = CompressionCodec.compress(compression, buffer(data, true));
    if (compression == Compression.OFF) {
      assertThat(packed).isNull();
      packed = data;
    } else {
      assertThat(packed).isEqualTo(CompressionCodec.compress(compression, data, 0, data.length));
    }
    for (boolean srcDirect : new boolean[] {false, true}) {
      for (boolean dstDirect : new boolean[] {false, true}) {
        ByteBuffer src = buffer(packed, srcDirect);
        ByteBuffer dst = buffer(new byte[data.length], dstDirect);
        CompressionCodec.decompress(compression, src, dst);
        assertThat(src.position()).isEqualTo(16);
        assertThat(dst.position()).isEqualTo(16);
        byte[] out = new byte[data.length];
        dst.get(out);
        assertThat(out).as("src direct %s, dst direct %s", srcDirect, dstDirect).isEqualTo(data);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void buffersOfGarbageOrWrongSizesFailCleanly(Compression compression) {
    byte[] data = compressible(8192);
    byte[] packed =
        compression == Compression.OFF
            ? data
            : CompressionCodec.compress(compression, data, 0, data.length);
    for (boolean direct : new boolean[] {false, true}) {
      assertThatThrownBy(
              () ->
                  CompressionCodec.decompress(
                      compression,
                      buffer(packed, direct),
                      buffer(new byte[data.length + 1], direct)))
          .isInstanceOf(IOException.class);
      if (compression != Compression.OFF) {
        byte[] garbage = new byte[300];
        new Random(3).nextBytes(garbage);
        assertThatThrownBy(
                () ->
                    CompressionCodec.decompress(
                        compression, buffer(garbage, direct), buffer(new byte[4096], direct)))
            .isInstanceOf(IOException.class);
      }
    }
  }
}
