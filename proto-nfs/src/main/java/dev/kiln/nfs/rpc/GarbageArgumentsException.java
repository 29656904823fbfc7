package dev.kiln.nfs.rpc;

import java.io.IOException;

/** Arguments that do not decode (RFC 5531 GARBAGE_ARGS): bad lengths, enums or values. */
public final class GarbageArgumentsException extends IOException {
  private static final long serialVersionUID = 1L;

  /** With what is wrong. */
  public GarbageArgumentsException(String message) {
    super(message);
  }
}
