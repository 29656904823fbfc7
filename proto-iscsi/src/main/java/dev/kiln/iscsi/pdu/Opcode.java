package dev.kiln.iscsi.pdu;

/** The iSCSI opcodes (RFC 7143 §11.2.1.2): initiator opcodes 0x00-0x1f, target 0x20-0x3f. */
public final class Opcode {

  /** NOP-Out (§11.18). */
  public static final int NOP_OUT = 0x00;

  /** SCSI Command (§11.3). */
  public static final int SCSI_COMMAND = 0x01;

  /** SCSI Task Management Function Request (§11.5). */
  public static final int TASK_MGMT_REQUEST = 0x02;

  /** Login Request (§11.12). */
  public static final int LOGIN_REQUEST = 0x03;

  /** Text Request (§11.10). */
  public static final int TEXT_REQUEST = 0x04;

  /** SCSI Data-Out (§11.7). */
  public static final int DATA_OUT = 0x05;

  /** Logout Request (§11.14). */
  public static final int LOGOUT_REQUEST = 0x06;

  /** SNACK Request (§11.16); only meaningful at ErrorRecoveryLevel greater than 0. */
  public static final int SNACK_REQUEST = 0x10;

  /** NOP-In (§11.19). */
  public static final int NOP_IN = 0x20;

  /** SCSI Response (§11.4). */
  public static final int SCSI_RESPONSE = 0x21;

  /** SCSI Task Management Function Response (§11.6). */
  public static final int TASK_MGMT_RESPONSE = 0x22;

  /** Login Response (§11.13). */
  public static final int LOGIN_RESPONSE = 0x23;

  /** Text Response (§11.11). */
  public static final int TEXT_RESPONSE = 0x24;

  /** SCSI Data-In (§11.7). */
  public static final int DATA_IN = 0x25;

  /** Logout Response (§11.15). */
  public static final int LOGOUT_RESPONSE = 0x26;

  /** Ready To Transfer (§11.8). */
  public static final int R2T = 0x31;

  /** Asynchronous Message (§11.9). */
  public static final int ASYNC_MESSAGE = 0x32;

  /** Reject (§11.17). */
  public static final int REJECT = 0x3f;

  private Opcode() {}
}
