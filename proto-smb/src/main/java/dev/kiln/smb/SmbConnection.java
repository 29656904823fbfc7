package dev.kiln.smb;

import dev.kiln.smb.command.ChangeNotifications;
import dev.kiln.smb.command.Closer;
import dev.kiln.smb.command.MessageSender;
import dev.kiln.smb.command.Smb2Dispatcher;
import dev.kiln.smb.crypto.MessageSigner;
import dev.kiln.smb.protocol.Smb2Header;
import dev.kiln.smb.protocol.SmbWriter;
import dev.kiln.smb.state.ConnectionState;
import dev.kiln.smb.state.ServerContext;
import dev.kiln.smb.state.Session;
import dev.kiln.smb.transport.FrameReader;
import dev.kiln.smb.transport.SmbTransport;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection on its own virtual thread: reads frames, hands them to the dispatcher, and
 * sends responses (signed or encrypted as the session says, outside the lock) under one write lock,
 * since READ and WRITE run on threads of their own and async completions come from others.
 */
final class SmbConnection implements MessageSender, Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(SmbConnection.class);
  private static final int BUFFER = 1 << 16;

  private final Socket socket;
  private final SmbTransport transport;
  private final ServerContext server;
  private final Closer closer;
  private final ChangeNotifications notifications;
  private final Runnable onClose;
  private final Object writeLock = new Object();
  private OutputStream out;

  SmbConnection(
      Socket socket,
      SmbTransport transport,
      ServerContext server,
      Closer closer,
      ChangeNotifications notifications,
      Runnable onClose) {
    this.socket = socket;
    this.transport = transport;
    this.server = server;
    this.closer = closer;
    this.notifications = notifications;
    this.onClose = onClose;
  }

  @Override
  public void run() {
    String remote = socket.getRemoteSocketAddress().toString();
    ConnectionState conn = new ConnectionState(remote);
    Smb2Dispatcher dispatcher = new Smb2Dispatcher(server, conn, this, closer, notifications);
    try {
      socket.setTcpNoDelay(true);
      out = new BufferedOutputStream(socket.getOutputStream(), BUFFER);
      FrameReader reader =
          new FrameReader(
              transport,
              new BufferedInputStream(socket.getInputStream(), BUFFER),
              out,
              FrameReader.MAX_FRAME);
      while (true) {
        byte[] frame = reader.next();
        if (frame == null || !dispatcher.frame(frame)) {
          break;
        }
      }
    } catch (IOException e) {
      LOG.debug("{}: {}", remote, e.toString());
    } catch (RuntimeException e) {
      LOG.warn("{}: connection failed", remote, e);
    } finally {
      close();
      try {
        // READs and WRITEs still running finish (their responses fail) before the opens close.
        dispatcher.drain();
      } catch (IOException e) {
        LOG.debug("{}: {}", remote, e.toString());
      }
      dispatcher.closeAll();
      onClose.run();
    }
  }

  @Override
  public void send(SmbWriter w, int[] starts, Session[] sign, Session encrypt) throws IOException {
    byte[] b = w.array();
    int end = w.position();
    for (int i = 0; i < starts.length; i++) {
      if (sign[i] == null) {
        continue;
      }
      MessageSigner signer = sign[i].signer();
      if (signer == null) {
        continue;
      }
      int start = starts[i];
      int len = (i + 1 < starts.length ? starts[i + 1] : end) - start;
      b[start + 16] |= (byte) Smb2Header.FLAG_SIGNED;
      signer.sign(b, start, len);
    }
    byte[] message = b;
    int length = end;
    if (encrypt != null && encrypt.cipher() != null) {
      // Sealed before taking the lock, so that concurrent responses encrypt in parallel.
      message = encrypt.cipher().encrypt(encrypt.id(), b, 0, end);
      length = message.length;
    }
    synchronized (writeLock) {
      FrameReader.writePrefix(out, length);
      // The prefix and the first bytes leave together: a large message written past the buffer
      // would otherwise send the 4-byte prefix as a segment of its own (TCP_NODELAY is on).
      int head = Math.min(length, BUFFER - 4);
      out.write(message, 0, head);
      out.write(message, head, length - head);
      out.flush();
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      LOG.debug("close: {}", e.toString());
    }
  }
}
