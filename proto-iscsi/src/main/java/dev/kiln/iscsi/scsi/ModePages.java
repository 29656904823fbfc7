package dev.kiln.iscsi.scsi;

import java.io.ByteArrayOutputStream;

/**
 * The mode pages of a logical unit (SPC-4 §7.5, SBC-3 §6.5): read-write error recovery (0x01),
 * caching (0x08, write cache enabled: writes are volatile until SYNCHRONIZE CACHE or FUA), control
 * (0x0A) and informational exceptions control (0x1C). Only WCE is changeable; saving is not
 * supported.
 */
final class ModePages {

  private static final int[] CODES = {0x01, 0x08, 0x0a, 0x1c};

  private volatile boolean writeCache = true;

  /** True when the write cache is enabled (WCE). */
  boolean writeCache() {
    return writeCache;
  }

  /**
   * The pages for MODE SENSE.
   *
   * @param code a page code or 0x3F for all
   * @param control page control: 0 current, 1 changeable, 2 default
   * @return the pages, or null for an unknown page code
   */
  byte[] sense(int code, int control) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int c : CODES) {
      if (code == 0x3f || code == c) {
        out.writeBytes(page(c, control));
      }
    }
    return out.size() == 0 ? null : out.toByteArray();
  }

  private byte[] page(int code, int control) {
    boolean changeable = control == 1;
    return switch (code) {
      case 0x01 -> {
        byte[] p = new byte[12];
        p[0] = 0x01;
        p[1] = 0x0a;
        yield p;
      }
      case 0x08 -> {
        byte[] p = new byte[20];
        p[0] = 0x08;
        p[1] = 0x12;
        if (changeable) {
          p[2] = 0x04;
        } else if (control == 2 || writeCache) {
          p[2] = 0x04; // WCE
        }
        yield p;
      }
      case 0x0a -> {
        byte[] p = new byte[12];
        p[0] = 0x0a;
        p[1] = 0x0a;
        if (!changeable) {
          p[2] = 0x00;
          p[3] = 0x10; // queue algorithm modifier 1: unrestricted reordering
        }
        yield p;
      }
      default -> {
        byte[] p = new byte[12];
        p[0] = 0x1c;
        p[1] = 0x0a;
        yield p;
      }
    };
  }

  /**
   * Applies MODE SELECT page data (after the header and block descriptors).
   *
   * @param pages the pages
   * @param offset the pages' offset in the parameter list, for the field pointer
   */
  void select(byte[] pages, int offset) throws CheckCondition {
    int p = 0;
    while (p < pages.length) {
      if (pages.length - p < 2) {
        throw new CheckCondition(SenseData.parameterListLength());
      }
      int code = pages[p] & 0x3f;
      if ((pages[p] & 0x40) != 0) {
        // SPF: subpages are not supported.
        throw new CheckCondition(SenseData.invalidFieldInParameters(offset + p));
      }
      int len = pages[p + 1] & 0xff;
      if (p + 2 + len > pages.length) {
        throw new CheckCondition(SenseData.parameterListLength());
      }
      byte[] current = page(code, 0);
      if (!contains(code) || len != current.length - 2) {
        throw new CheckCondition(SenseData.invalidFieldInParameters(offset + p));
      }
      byte[] mask = page(code, 1);
      for (int i = 2; i < current.length; i++) {
        int changed = (pages[p + i] ^ current[i]) & 0xff & ~(mask[i] & 0xff);
        if (changed != 0) {
          throw new CheckCondition(SenseData.invalidFieldInParameters(offset + p + i));
        }
      }
      if (code == 0x08) {
        writeCache = (pages[p + 2] & 0x04) != 0;
      }
      p += 2 + len;
    }
  }

  private static boolean contains(int code) {
    for (int c : CODES) {
      if (c == code) {
        return true;
      }
    }
    return false;
  }
}
