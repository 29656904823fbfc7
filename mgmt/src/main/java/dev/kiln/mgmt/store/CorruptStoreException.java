package dev.kiln.mgmt.store;

import java.io.IOException;

/** Stored configuration bytes fail their checks (torn tail, bit rot, wrong format). */
public final class CorruptStoreException extends IOException {

  /** Says what is wrong. */
  public CorruptStoreException(String message) {
    super(message);
  }
}
