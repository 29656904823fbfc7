package dev.kiln.smb.auth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** AV_PAIR lists ([MS-NLMP] 2.2.2.1): TargetInfo and the client's NTLMv2 response pairs. */
final class AvPairs {

  static final int EOL = 0;
  static final int NB_COMPUTER_NAME = 1;
  static final int NB_DOMAIN_NAME = 2;
  static final int DNS_COMPUTER_NAME = 3;
  static final int DNS_DOMAIN_NAME = 4;
  static final int FLAGS = 6;
  static final int TIMESTAMP = 7;

  /** MsvAvFlags bit: the AUTHENTICATE message carries a MIC. */
  static final int FLAG_MIC_PRESENT = 0x2;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** Appends a string pair (UTF-16LE). */
  AvPairs text(int id, String value) {
    return raw(id, value.getBytes(StandardCharsets.UTF_16LE));
  }

  /** Appends a pair. */
  AvPairs raw(int id, byte[] value) {
    byte[] head = new byte[4];
    Bytes.put16(head, 0, id);
    Bytes.put16(head, 2, value.length);
    out.writeBytes(head);
    out.writeBytes(value);
    return this;
  }

  /** The list terminated by MsvAvEOL. */
  byte[] encode() {
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    copy.writeBytes(out.toByteArray());
    copy.writeBytes(new byte[4]);
    return copy.toByteArray();
  }

  /**
   * The value of pair {@code id} in {@code list[from, end)}; the list must be well formed up to its
   * MsvAvEOL.
   */
  static Optional<byte[]> find(byte[] list, int from, int id) throws LogonFailedException {
    int at = from;
    while (true) {
      int pairId = Bytes.u16(list, at);
      int len = Bytes.u16(list, at + 2);
      if (pairId == EOL) {
        return Optional.empty();
      }
      byte[] value = Bytes.slice(list, at + 4, len);
      if (pairId == id) {
        return Optional.of(value);
      }
      at += 4 + len;
    }
  }

  /** Whether the list is well formed and ends in MsvAvEOL. */
  static void check(byte[] list, int from) throws LogonFailedException {
    find(list, from, -1);
  }
}
