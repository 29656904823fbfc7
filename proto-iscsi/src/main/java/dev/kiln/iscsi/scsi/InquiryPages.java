package dev.kiln.iscsi.scsi;

import java.nio.charset.StandardCharsets;

/**
 * Standard INQUIRY data (SPC-4 §6.4.2) and the vital product data pages a block target reports:
 * 0x00 supported pages, 0x80 unit serial number, 0x83 device identification (§7.8.6), 0xB0 block
 * limits, 0xB1 block device characteristics, 0xB2 logical block provisioning (SBC-3 §6.6).
 */
final class InquiryPages {

  /** Largest WRITE SAME range (blocks): 32 MiB of 512-byte blocks per command. */
  static final long MAX_WRITE_SAME = 65535;

  /** Largest UNMAP range in one command (blocks). */
  static final long MAX_UNMAP_BLOCKS = 1L << 20;

  /** Largest number of UNMAP block descriptors. */
  static final int MAX_UNMAP_DESCRIPTORS = 256;

  /** Largest COMPARE AND WRITE (blocks). */
  static final int MAX_COMPARE_AND_WRITE = 255;

  /** Largest transfer in one command (bytes), bounding the buffer a command may allocate. */
  static final int MAX_TRANSFER_BYTES = 16 << 20;

  private static final int[] PAGES = {0x00, 0x80, 0x83, 0xb0, 0xb1, 0xb2};

  private InquiryPages() {}

  /** Standard INQUIRY data for a present unit (peripheral qualifier 0, direct access). */
  static byte[] standard(boolean present) {
    byte[] b = new byte[66];
    // §6.4.2: qualifier 011b/type 1Fh when no unit is connected at this LUN.
    b[0] = (byte) (present ? 0x00 : 0x7f);
    b[2] = 0x06; // SPC-4
    b[3] = 0x12; // HISUP, response data format 2
    b[4] = (byte) (b.length - 5);
    b[7] = 0x02; // CMDQUE
    Cdb.ascii(b, 8, 8, "KILN");
    Cdb.ascii(b, 16, 16, "VOLUME");
    Cdb.ascii(b, 32, 4, "0001");
    // Version descriptors (§6.4.2): SAM-5, iSCSI, SPC-4, SBC-3.
    Cdb.put16(b, 58, 0x00a0);
    Cdb.put16(b, 60, 0x0960);
    Cdb.put16(b, 62, 0x0460);
    Cdb.put16(b, 64, 0x04c0);
    return b;
  }

  /** VPD page {@code code}, or null if not supported. */
  static byte[] page(int code, UnitIdentity id, long blockCount, int blockSize) {
    return switch (code) {
      case 0x00 -> supportedPages();
      case 0x80 -> serial(id);
      case 0x83 -> identification(id);
      case 0xb0 -> blockLimits(blockSize);
      case 0xb1 -> characteristics();
      case 0xb2 -> provisioning();
      default -> null;
    };
  }

  private static byte[] header(int code, int length) {
    byte[] b = new byte[4 + length];
    b[1] = (byte) code;
    Cdb.put16(b, 2, length);
    return b;
  }

  private static byte[] supportedPages() {
    byte[] b = header(0x00, PAGES.length);
    for (int i = 0; i < PAGES.length; i++) {
      b[4 + i] = (byte) PAGES[i];
    }
    return b;
  }

  private static byte[] serial(UnitIdentity id) {
    byte[] s = id.serial().getBytes(StandardCharsets.US_ASCII);
    byte[] b = header(0x80, s.length);
    System.arraycopy(s, 0, b, 4, s.length);
    return b;
  }

  /**
   * §7.8.6: the logical unit's NAA and T10 vendor designators, the relative target port and target
   * port group, and the target's SCSI name string.
   */
  private static byte[] identification(UnitIdentity id) {
    byte[] name = (id.targetName()).getBytes(StandardCharsets.UTF_8);
    // SCSI name strings are NUL-terminated and padded to a multiple of four (§7.8.6.11).
    int nameLen = (name.length + 1 + 3) & ~3;
    byte[] vendor = ("KILN    " + id.serial()).getBytes(StandardCharsets.US_ASCII);
    int length = (4 + 8) + (4 + vendor.length) + (4 + 4) + (4 + 4) + (4 + nameLen);
    byte[] b = header(0x83, length);
    int p = 4;
    // NAA, binary, associated with the logical unit.
    b[p] = 0x01;
    b[p + 1] = 0x03;
    b[p + 3] = 8;
    Cdb.put64(b, p + 4, id.naa());
    p += 12;
    // T10 vendor ID, ASCII, logical unit.
    b[p] = 0x02;
    b[p + 1] = 0x01;
    b[p + 3] = (byte) vendor.length;
    System.arraycopy(vendor, 0, b, p + 4, vendor.length);
    p += 4 + vendor.length;
    // Relative target port, binary, target port, PIV (protocol iSCSI = 5).
    b[p] = 0x51;
    b[p + 1] = (byte) 0x94;
    b[p + 3] = 4;
    Cdb.put16(b, p + 6, 1);
    p += 8;
    // Target port group.
    b[p] = 0x51;
    b[p + 1] = (byte) 0x95;
    b[p + 3] = 4;
    Cdb.put16(b, p + 6, id.portalGroupTag());
    p += 8;
    // SCSI name string, UTF-8, target device.
    b[p] = 0x53;
    b[p + 1] = (byte) 0xa8;
    b[p + 3] = (byte) nameLen;
    System.arraycopy(name, 0, b, p + 4, name.length);
    return b;
  }

  private static byte[] blockLimits(int blockSize) {
    byte[] b = header(0xb0, 0x3c);
    b[4] = 0x01; // WSNZ: WRITE SAME with zero blocks is refused
    b[5] = (byte) MAX_COMPARE_AND_WRITE;
    Cdb.put16(b, 6, 1);
    Cdb.put32(b, 8, MAX_TRANSFER_BYTES / blockSize);
    Cdb.put32(b, 12, (1 << 20) / blockSize);
    Cdb.put32(b, 16, 0);
    Cdb.put32(b, 20, MAX_UNMAP_BLOCKS);
    Cdb.put32(b, 24, MAX_UNMAP_DESCRIPTORS);
    Cdb.put32(b, 28, 1);
    Cdb.put64(b, 36, MAX_WRITE_SAME);
    return b;
  }

  private static byte[] characteristics() {
    byte[] b = header(0xb1, 0x3c);
    Cdb.put16(b, 4, 1); // non-rotating medium
    return b;
  }

  private static byte[] provisioning() {
    byte[] b = header(0xb2, 4);
    // LBPU, LBPWS, LBPWS10, LBPRZ (unmapped blocks read as zeros).
    b[5] = (byte) (0x80 | 0x40 | 0x20 | 0x04);
    b[6] = 0x02; // thin provisioned
    return b;
  }
}
