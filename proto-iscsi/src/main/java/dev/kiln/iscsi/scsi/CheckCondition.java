package dev.kiln.iscsi.scsi;

/** Ends a command with CHECK CONDITION and the given sense data. */
public final class CheckCondition extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient SenseData sense;

  /** A CHECK CONDITION with {@code sense}. */
  public CheckCondition(SenseData sense) {
    super(
        "sense key 0x%x, ASC/ASCQ 0x%02x/0x%02x".formatted(sense.key(), sense.asc(), sense.ascq()),
        null,
        false,
        false);
    this.sense = sense;
  }

  /** The sense data. */
  public SenseData sense() {
    return sense;
  }
}
