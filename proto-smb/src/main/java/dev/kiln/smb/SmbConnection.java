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
import dev.kiln.smb.transport.PayloadBuffers;
import dev.kiln.smb.transport.SmbTransport;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection on its own virtual thread: reads frames and hands them to the dispatcher
 * (which runs READ and WRITE on threads of their own), and sends responses, signed or encrypted as
 * the session says outside the lock, then written under one write lock.
 *
 * <p>Writes go through a direct staging buffer owned by the connection, and a READ's direct payload
 * follows it in the same gathering write: a heap array given to a socket is copied into a temporary
 * direct buffer by the JDK first, a direct buffer is not.
 */
final class SmbConnection implements MessageSender, Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(SmbConnection.class);
  private static final int BUFFER = 1 << 16;

  private final SocketChannel channel;
  private final SmbTransport transport;
  private final ServerContext server;
  private final Closer closer;
  private final ChangeNotifications notifications;
  private final PayloadBuffers payloads;
  private final Runnable onClose;
  private final Object writeLock = new Object();
  private final ByteBuffer staging = ByteBuffer.allocateDirect(BUFFER);

  SmbConnection(
      SocketChannel channel,
      SmbTransport transport,
      ServerContext server,
      Closer closer,
      ChangeNotifications notifications,
      PayloadBuffers payloads,
      Runnable onClose) {
    this.channel = channel;
    this.transport = transport;
    this.server = server;
    this.closer = closer;
    this.notifications = notifications;
    this.payloads = payloads;
    this.onClose = onClose;
  }

  @Override
  public void run() {
    String remote = remote(channel);
    ConnectionState conn = new ConnectionState(remote);
    try {
      if (channel.getLocalAddress() instanceof java.net.InetSocketAddress local) {
        conn.localAddress(local.getAddress());
      }
    } catch (java.io.IOException e) {
      // Left unknown: FSCTL_QUERY_NETWORK_INTERFACE_INFO then lists every interface.
    }
    Smb2Dispatcher dispatcher =
        new Smb2Dispatcher(server, conn, this, closer, notifications, payloads);
    try {
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      FrameReader reader =
          new FrameReader(
              transport,
              new BufferedInputStream(Channels.newInputStream(channel), BUFFER),
              new SessionResponses(),
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

  static String remote(SocketChannel channel) {
    try {
      return String.valueOf(channel.getRemoteAddress());
    } catch (IOException e) {
      return "(closed)";
    }
  }

  @Override
  public void send(SmbWriter w, int[] starts, Session[] sign, Session encrypt, ByteBuffer payload)
      throws IOException {
    boolean sealed = encrypt != null && encrypt.cipher() != null;
    boolean signed = false;
    for (Session s : sign) {
      signed |= s != null && s.signer() != null;
    }
    if (payload != null && (sealed || signed)) {
      // Signatures and encryption cover the whole message: the payload joins the array.
      int n = payload.remaining();
      payload.get(w.reserve(n), w.position(), n);
      w.skip(n);
      payload = null;
    }
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
    if (sealed) {
      // Sealed before taking the lock, so that concurrent responses encrypt in parallel.
      message = encrypt.cipher().encrypt(encrypt.id(), b, 0, end);
      length = message.length;
    }
    synchronized (writeLock) {
      write(message, length, payload);
    }
  }

  /** Writes the prefix, {@code message[0, length)} and the payload as one frame. */
  private void write(byte[] message, int length, ByteBuffer payload) throws IOException {
    int total = length + (payload == null ? 0 : payload.remaining());
    if (total > FrameReader.MAX_FRAME) {
      throw new IOException("message of " + total + " bytes cannot be framed");
    }
    staging.clear();
    staging.put((byte) 0).put((byte) (total >>> 16)).put((byte) (total >>> 8)).put((byte) total);
    int off = 0;
    while (true) {
      int n = Math.min(staging.remaining(), length - off);
      staging.put(message, off, n);
      off += n;
      staging.flip();
      if (off == length && payload != null) {
        ByteBuffer[] both = {staging, payload};
        while (staging.hasRemaining() || payload.hasRemaining()) {
          channel.write(both);
        }
      } else {
        while (staging.hasRemaining()) {
          channel.write(staging);
        }
      }
      staging.clear();
      if (off == length) {
        return;
      }
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      LOG.debug("close: {}", e.toString());
    }
  }

  /** The NetBIOS session responses FrameReader writes (before any SMB message). */
  private final class SessionResponses extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      ByteBuffer bb = ByteBuffer.wrap(b, off, len);
      synchronized (writeLock) {
        while (bb.hasRemaining()) {
          channel.write(bb);
        }
      }
    }
  }
}
