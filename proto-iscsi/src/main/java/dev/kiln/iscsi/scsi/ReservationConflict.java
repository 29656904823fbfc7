package dev.kiln.iscsi.scsi;

/** Ends a command with RESERVATION CONFLICT status (SPC-4 §5.9.1). */
public final class ReservationConflict extends Exception {

  private static final long serialVersionUID = 1L;

  /** A reservation conflict. */
  public ReservationConflict() {
    super("reservation conflict", null, false, false);
  }
}
