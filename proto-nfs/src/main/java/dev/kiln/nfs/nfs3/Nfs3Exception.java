package dev.kiln.nfs.nfs3;

import java.io.IOException;

/** A procedure's failure with a specific nfsstat3 that no engine exception expresses. */
public final class Nfs3Exception extends IOException {
  private static final long serialVersionUID = 1L;

  private final Nfs3Status status;

  /** Fails with {@code status}. */
  public Nfs3Exception(Nfs3Status status, String message) {
    super(status + ": " + message);
    this.status = status;
  }

  /** The status to answer. */
  public Nfs3Status status() {
    return status;
  }
}
