package dev.kiln.nfs.export;

/** What an export grants one client. */
public enum ExportAccess {
  /** The client matches no rule: MOUNT answers ACCES, NFS calls answer ACCES. */
  DENIED,
  /** Reads only: changes answer ROFS. */
  READ_ONLY,
  /** Reads and writes. */
  READ_WRITE
}
