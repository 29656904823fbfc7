package dev.kiln.engine.block;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * The compression step of the write pipeline. Compressed bytes are kept only when they save at
 * least 12.5 % (one eighth): below that the CPU cost on every read is not worth the space.
 *
 * <p>LZ4 always decompresses with a bounds-checked ("safe") decompressor, since stored bytes may be
 * hostile: liblz4's {@code LZ4_decompress_safe} through JNI when the native library loads (the
 * pure-Java one copies long matches byte by byte and was half the CPU of a sequential read), else
 * lz4-java's pure-Java safe decompressor (no {@code Unsafe}). ZSTD uses zstd-jni.
 */
public final class CompressionCodec {

  /** zstd level: the library default, a good speed/ratio balance for storage blocks. */
  private static final int ZSTD_LEVEL = 3;

  private static final LZ4Compressor LZ4_COMPRESSOR = lz4Compressor();
  private static final LZ4SafeDecompressor LZ4_DECOMPRESSOR = lz4Decompressor();

  private CompressionCodec() {}

  /** liblz4's bounds-checked decompressor when the JNI library loads, else the pure-Java one. */
  private static LZ4SafeDecompressor lz4Decompressor() {
    try {
      return LZ4Factory.nativeInstance().safeDecompressor();
    } catch (LinkageError | RuntimeException e) {
      return LZ4Factory.safeInstance().safeDecompressor();
    }
  }

  /**
   * The JNI compressor when its native library loads (several times faster, and compressing our own
   * data needs no bounds-checked code), else the pure-Java safe one. Output is the same LZ4 block
   * format either way; decompression is always bounds-checked.
   */
  private static LZ4Compressor lz4Compressor() {
    try {
      return LZ4Factory.nativeInstance().fastCompressor();
    } catch (LinkageError | RuntimeException e) {
      return LZ4Factory.safeInstance().fastCompressor();
    }
  }

  /** Whether a compressed size is small enough to be worth storing instead of the raw bytes. */
  public static boolean worthKeeping(int compressedSize, int logicalSize) {
    return compressedSize > 0 && (long) compressedSize * 8 <= (long) logicalSize * 7;
  }

  /**
   * Compresses {@code length} bytes of {@code src}; returns the compressed bytes, or {@code null}
   * when {@code compression} is OFF or the result would not save at least 12.5 %.
   */
  public static byte[] compress(Compression compression, byte[] src, int offset, int length) {
    return compress(compression, ByteBuffer.wrap(src, offset, length));
  }

  /**
   * Compresses the remaining bytes of {@code src} (its position does not move); returns the
   * compressed bytes, or {@code null} when {@code compression} is OFF or the result would not save
   * at least 12.5 %. The work buffer is pooled: only the (small) result is allocated.
   */
  public static byte[] compress(Compression compression, ByteBuffer src) {
    int length = src.remaining();
    if (compression == Compression.OFF || length == 0) {
      return null;
    }
    int bound =
        switch (compression) {
          case LZ4 -> LZ4_COMPRESSOR.maxCompressedLength(length);
          case ZSTD -> (int) Zstd.compressBound(length);
          default -> throw new IllegalArgumentException("unsupported compression " + compression);
        };
    byte[] out = bound <= WORK_SIZE ? WORK.poll() : null;
    if (out == null) {
      out = new byte[Math.max(bound, WORK_SIZE)];
    }
    try {
      int size;
      if (compression == Compression.LZ4) {
        size = LZ4_COMPRESSOR.compress(src, src.position(), length, ByteBuffer.wrap(out), 0, bound);
      } else {
        byte[] in;
        int inOffset;
        if (src.hasArray()) {
          in = src.array();
          inOffset = src.arrayOffset() + src.position();
        } else {
          in = new byte[length];
          src.duplicate().get(in);
          inOffset = 0;
        }
        long result = Zstd.compressByteArray(out, 0, bound, in, inOffset, length, ZSTD_LEVEL);
        if (Zstd.isError(result)) {
          return null;
        }
        size = (int) result;
      }
      if (!worthKeeping(size, length)) {
        return null;
      }
      return Arrays.copyOf(out, size);
    } finally {
      if (out.length == WORK_SIZE) {
        WORK.offer(out);
      }
    }
  }

  /**
   * Size of the pooled compression work arrays: the bound of a 128 KiB record, so that volume and
   * default file records reuse them; larger records allocate their own.
   */
  private static final int WORK_SIZE = (128 << 10) + (1 << 10);

  /** Reused compression work arrays (at most as many as writers compressing at once). */
  private static final ArrayBlockingQueue<byte[]> WORK = new ArrayBlockingQueue<>(64);

  /**
   * Decompresses exactly {@code logicalSize} bytes; any malformed input or size disagreement is an
   * exception, never partially filled output.
   */
  public static byte[] decompress(
      Compression compression, byte[] src, int offset, int length, int logicalSize)
      throws IOException {
    byte[] out = new byte[logicalSize];
    if (compression == Compression.ZSTD) {
      long produced;
      try {
        produced = Zstd.decompressByteArray(out, 0, logicalSize, src, offset, length);
      } catch (RuntimeException e) {
        throw new IOException("zstd block does not decompress: " + e.getMessage(), e);
      }
      checkZstd(produced, logicalSize);
    } else {
      decompress(compression, ByteBuffer.wrap(src, offset, length), ByteBuffer.wrap(out));
    }
    return out;
  }

  /**
   * Decompresses the remaining bytes of {@code src} into exactly {@code dst.remaining()} bytes;
   * neither buffer's position moves. Direct buffers go to the native decompressors without a copy.
   * Any malformed input or size disagreement is an exception (the bytes written into {@code dst}
   * are then meaningless).
   */
  public static void decompress(Compression compression, ByteBuffer src, ByteBuffer dst)
      throws IOException {
    int length = src.remaining();
    int logicalSize = dst.remaining();
    switch (compression) {
      case OFF -> {
        if (length != logicalSize) {
          throw new IOException(
              "uncompressed block of %d bytes claims %d logical bytes"
                  .formatted(length, logicalSize));
        }
        dst.duplicate().put(src.duplicate());
      }
      case LZ4 -> {
        int produced;
        try {
          produced =
              LZ4_DECOMPRESSOR.decompress(
                  src, src.position(), length, dst, dst.position(), logicalSize);
        } catch (RuntimeException e) {
          throw new IOException("lz4 block does not decompress: " + e.getMessage(), e);
        }
        if (produced != logicalSize) {
          throw new IOException(
              "lz4 block decompressed to %d bytes, expected %d".formatted(produced, logicalSize));
        }
      }
      case ZSTD -> {
        if (src.isDirect() && dst.isDirect()) {
          long produced;
          try {
            produced =
                Zstd.decompressDirectByteBuffer(
                    dst, dst.position(), logicalSize, src, src.position(), length);
          } catch (RuntimeException e) {
            throw new IOException("zstd block does not decompress: " + e.getMessage(), e);
          }
          checkZstd(produced, logicalSize);
        } else {
          byte[] in = new byte[length];
          src.duplicate().get(in);
          dst.duplicate().put(decompress(compression, in, 0, length, logicalSize));
        }
      }
    }
  }

  private static void checkZstd(long produced, int logicalSize) throws IOException {
    if (Zstd.isError(produced)) {
      throw new IOException("zstd block does not decompress: " + Zstd.getErrorName(produced));
    }
    if (produced != logicalSize) {
      throw new IOException(
          "zstd block decompressed to %d bytes, expected %d".formatted(produced, logicalSize));
    }
  }
}
