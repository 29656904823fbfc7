package dev.kiln.smb.rpc;

import java.util.HexFormat;
import java.util.UUID;

/** UUIDs in the NDR encoding: time_low, time_mid, time_hi little-endian, the rest as is. */
final class Uuids {

  /** NDR 2.0, 8a885d04-1ceb-11c9-9fe8-08002b104860 version 2 ([C706] Appendix I). */
  static final byte[] NDR = ndr("8a885d04-1ceb-11c9-9fe8-08002b104860");

  /** NDR64, 71710533-beba-4937-8319-b5dbef9ccc36 ([MS-RPCE] 2.2.5): not offered. */
  static final byte[] NDR64 = ndr("71710533-beba-4937-8319-b5dbef9ccc36");

  /** srvsvc, 4b324fc8-1670-01d3-1278-5a47bf6ee188 version 3.0 ([MS-SRVS] 1.9). */
  static final byte[] SRVSVC = ndr("4b324fc8-1670-01d3-1278-5a47bf6ee188");

  /** The first 8 bytes of a bind time feature negotiation syntax ([MS-RPCE] 3.3.1.5.3). */
  static final byte[] BIND_TIME_FEATURES_PREFIX =
      java.util.Arrays.copyOf(ndr("6cb71c2c-9812-4540-0000-000000000000"), 8);

  private Uuids() {}

  /** The NDR form of a textual UUID. */
  static byte[] ndr(String text) {
    UUID u = UUID.fromString(text);
    byte[] be = HexFormat.of().parseHex(text.replace("-", ""));
    byte[] out = be.clone();
    // time_low (4), time_mid (2), time_hi_and_version (2) are little-endian integers on the wire.
    reverse(out, 0, 4);
    reverse(out, 4, 2);
    reverse(out, 6, 2);
    if (u.toString().isEmpty()) {
      throw new IllegalArgumentException(text);
    }
    return out;
  }

  private static void reverse(byte[] b, int off, int len) {
    for (int i = 0; i < len / 2; i++) {
      byte t = b[off + i];
      b[off + i] = b[off + len - 1 - i];
      b[off + len - 1 - i] = t;
    }
  }
}
