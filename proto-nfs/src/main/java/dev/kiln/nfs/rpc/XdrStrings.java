package dev.kiln.nfs.rpc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.dcache.oncrpc4j.xdr.XdrDecodingStream;

/** Bounded XDR string and opaque decoding: a length over the protocol's limit is garbage. */
public final class XdrStrings {

  private XdrStrings() {}

  /** Decodes a UTF-8 string of at most {@code maxBytes} bytes. */
  public static String decode(XdrDecodingStream xdr, int maxBytes) throws IOException {
    return new String(opaque(xdr, maxBytes), StandardCharsets.UTF_8);
  }

  /** Decodes a variable-length opaque of at most {@code maxBytes} bytes. */
  public static byte[] opaque(XdrDecodingStream xdr, int maxBytes) throws IOException {
    int length = xdr.xdrDecodeInt();
    if (length < 0 || length > maxBytes) {
      throw new GarbageArgumentsException("opaque of " + length + " bytes, at most " + maxBytes);
    }
    byte[] bytes = new byte[length];
    xdr.xdrDecodeOpaque(bytes, 0, length);
    return bytes;
  }
}
