package dev.kiln.iscsi.scsi;

/**
 * Fixed-format sense data (SPC-4 §4.5.3): sense key, additional sense code and qualifier, and the
 * optional INFORMATION field and sense-key-specific field pointer.
 *
 * @param key the sense key
 * @param asc the additional sense code
 * @param ascq the additional sense code qualifier
 * @param information the INFORMATION field, or -1 for none (VALID bit clear)
 * @param fieldPointer for ILLEGAL REQUEST: byte offset of the faulty field, or -1
 * @param inCdb true if the field pointer points into the CDB, false for the parameter list
 */
public record SenseData(
    int key, int asc, int ascq, long information, int fieldPointer, boolean inCdb) {

  /** NO SENSE. */
  public static final int NO_SENSE = 0x00;

  /** NOT READY. */
  public static final int NOT_READY = 0x02;

  /** MEDIUM ERROR. */
  public static final int MEDIUM_ERROR = 0x03;

  /** HARDWARE ERROR. */
  public static final int HARDWARE_ERROR = 0x04;

  /** ILLEGAL REQUEST. */
  public static final int ILLEGAL_REQUEST = 0x05;

  /** UNIT ATTENTION. */
  public static final int UNIT_ATTENTION = 0x06;

  /** DATA PROTECT. */
  public static final int DATA_PROTECT = 0x07;

  /** ABORTED COMMAND. */
  public static final int ABORTED_COMMAND = 0x0b;

  /** MISCOMPARE. */
  public static final int MISCOMPARE = 0x0e;

  /** A sense with key and code only. */
  public static SenseData of(int key, int asc, int ascq) {
    return new SenseData(key, asc, ascq, -1, -1, false);
  }

  /** INVALID COMMAND OPERATION CODE (20/00). */
  public static SenseData invalidOpcode() {
    return new SenseData(ILLEGAL_REQUEST, 0x20, 0x00, -1, 0, true);
  }

  /** INVALID FIELD IN CDB (24/00) pointing at CDB byte {@code field}. */
  public static SenseData invalidFieldInCdb(int field) {
    return new SenseData(ILLEGAL_REQUEST, 0x24, 0x00, -1, field, true);
  }

  /** INVALID FIELD IN PARAMETER LIST (26/00) pointing at parameter byte {@code field}. */
  public static SenseData invalidFieldInParameters(int field) {
    return new SenseData(ILLEGAL_REQUEST, 0x26, 0x00, -1, field, false);
  }

  /** PARAMETER LIST LENGTH ERROR (1A/00). */
  public static SenseData parameterListLength() {
    return of(ILLEGAL_REQUEST, 0x1a, 0x00);
  }

  /** LOGICAL BLOCK ADDRESS OUT OF RANGE (21/00). */
  public static SenseData lbaOutOfRange() {
    return of(ILLEGAL_REQUEST, 0x21, 0x00);
  }

  /** LOGICAL UNIT NOT SUPPORTED (25/00). */
  public static SenseData lunNotSupported() {
    return of(ILLEGAL_REQUEST, 0x25, 0x00);
  }

  /** WRITE PROTECTED (27/00). */
  public static SenseData writeProtected() {
    return of(DATA_PROTECT, 0x27, 0x00);
  }

  /** UNRECOVERED READ ERROR (11/00): the engine refused corrupt data. */
  public static SenseData unrecoveredRead() {
    return of(MEDIUM_ERROR, 0x11, 0x00);
  }

  /** MISCOMPARE DURING VERIFY OPERATION (1D/00) at byte {@code offset} of the compare. */
  public static SenseData miscompare(long offset) {
    return new SenseData(MISCOMPARE, 0x1d, 0x00, offset, -1, false);
  }

  /** The 18-byte fixed-format encoding (response code 0x70, SPC-4 §4.5.3). */
  public byte[] encode() {
    byte[] b = new byte[18];
    b[0] = (byte) (information >= 0 ? 0xf0 : 0x70);
    b[2] = (byte) key;
    if (information >= 0) {
      b[3] = (byte) (information >>> 24);
      b[4] = (byte) (information >>> 16);
      b[5] = (byte) (information >>> 8);
      b[6] = (byte) information;
    }
    b[7] = 10;
    b[12] = (byte) asc;
    b[13] = (byte) ascq;
    if (fieldPointer >= 0) {
      // SKSV, C/D (§4.5.2.4.2): the field pointer.
      b[15] = (byte) (0x80 | (inCdb ? 0x40 : 0));
      b[16] = (byte) (fieldPointer >>> 8);
      b[17] = (byte) fieldPointer;
    }
    return b;
  }
}
