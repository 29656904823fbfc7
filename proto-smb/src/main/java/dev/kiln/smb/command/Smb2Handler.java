package dev.kiln.smb.command;

import dev.kiln.smb.protocol.SmbStatusException;
import java.io.IOException;

/** One SMB2 command: parses the request body and writes the response body. */
public interface Smb2Handler {

  /**
   * Handles one request; a thrown status becomes an error response, an engine exception is mapped
   * by {@link EngineErrors}.
   */
  void handle(Smb2Request req, Smb2Response resp) throws SmbStatusException, IOException;

  /** Whether the command needs a valid session (all but NEGOTIATE, SESSION_SETUP and ECHO). */
  default boolean needsSession() {
    return true;
  }

  /** Whether the command needs a tree connect. */
  default boolean needsTree() {
    return true;
  }
}
