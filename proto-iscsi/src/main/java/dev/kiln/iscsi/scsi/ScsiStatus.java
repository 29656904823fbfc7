package dev.kiln.iscsi.scsi;

/** SCSI status codes (SAM-5 §5.3.1). */
public final class ScsiStatus {

  /** GOOD. */
  public static final int GOOD = 0x00;

  /** CHECK CONDITION: sense data follows. */
  public static final int CHECK_CONDITION = 0x02;

  /** CONDITION MET (PRE-FETCH). */
  public static final int CONDITION_MET = 0x04;

  /** BUSY. */
  public static final int BUSY = 0x08;

  /** RESERVATION CONFLICT. */
  public static final int RESERVATION_CONFLICT = 0x18;

  /** TASK SET FULL. */
  public static final int TASK_SET_FULL = 0x28;

  /** TASK ABORTED. */
  public static final int TASK_ABORTED = 0x40;

  private ScsiStatus() {}
}
