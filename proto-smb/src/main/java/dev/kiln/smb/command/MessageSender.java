package dev.kiln.smb.command;

import dev.kiln.smb.protocol.SmbWriter;
import dev.kiln.smb.state.Session;
import java.io.IOException;
import java.nio.ByteBuffer;

/** Sends finished responses on a connection; signs and encrypts as the session requires. */
public interface MessageSender {

  /**
   * Sends one or more compounded messages held in {@code w}; {@code sign} lists each message's
   * session to sign with (null entries are not signed); {@code encrypt} selects encryption with
   * {@code session}'s cipher.
   */
  default void send(SmbWriter w, int[] starts, Session[] sign, Session encrypt) throws IOException {
    send(w, starts, sign, encrypt, null);
  }

  /**
   * As {@link #send(SmbWriter, int[], Session[], Session)}, with {@code payload} (or null) ending
   * the last message: a READ's data, sent from where the engine put it. The buffer is consumed.
   */
  void send(SmbWriter w, int[] starts, Session[] sign, Session encrypt, ByteBuffer payload)
      throws IOException;

  /** Closes the connection (protocol violation). */
  void close();
}
