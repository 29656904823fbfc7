package dev.kiln.smb;

import dev.kiln.smb.command.ChangeNotifications;
import dev.kiln.smb.command.Closer;
import dev.kiln.smb.oplock.OplockTable;
import dev.kiln.smb.rpc.NamedPipe;
import dev.kiln.smb.share.ShareSource;
import dev.kiln.smb.state.ConnectionState;
import dev.kiln.smb.state.OpenFiles;
import dev.kiln.smb.state.ServerContext;
import dev.kiln.smb.state.SessionCrypto;
import dev.kiln.smb.state.SmbAuthenticator;
import dev.kiln.smb.transport.PayloadBuffers;
import dev.kiln.smb.transport.SmbTransport;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SMB server: direct TCP (445) and NetBIOS session service (139) listeners, one virtual thread
 * per connection. Build with {@link #builder()}.
 */
public final class SmbServer implements Closeable {

  private static final Logger LOG = LoggerFactory.getLogger(SmbServer.class);

  /** Direct READ buffers of 8 MiB shared by all connections (256 MiB at most). */
  private static final int PAYLOAD_BUFFERS = 32;

  private final ServerContext context;
  // Oplock/lease break and durable-handle timeouts; stopped with the server.
  private final ScheduledExecutorService timers;
  private final Closer closer;
  private final ChangeNotifications notifications = new ChangeNotifications();
  private final Map<String, ServerSocketChannel> listeners = new LinkedHashMap<>();
  private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();
  private final PayloadBuffers payloads =
      new PayloadBuffers(ConnectionState.MAX_IO_LARGE, PAYLOAD_BUFFERS);
  private volatile boolean closed;

  private SmbServer(ServerContext context, ScheduledExecutorService timers) {
    this.timers = timers;
    this.context = context;
    this.closer = new Closer(context, notifications);
  }

  /** A builder with no listeners bound yet. */
  public static Builder builder() {
    return new Builder();
  }

  private void listen(String key, String bind, int port, SmbTransport transport)
      throws IOException {
    ServerSocketChannel ss = ServerSocketChannel.open();
    ss.setOption(StandardSocketOptions.SO_REUSEADDR, true);
    ss.bind(new InetSocketAddress(InetAddress.getByName(bind), port), 128);
    listeners.put(key, ss);
    Thread.ofVirtual()
        .name("smb-accept-" + key)
        .start(
            () -> {
              while (!closed) {
                try {
                  SocketChannel s = ss.accept();
                  connections.add(s);
                  Thread.ofVirtual()
                      .name("smb-" + SmbConnection.remote(s))
                      .start(
                          new SmbConnection(
                              s,
                              transport,
                              context,
                              closer,
                              notifications,
                              payloads,
                              () -> connections.remove(s)));
                } catch (IOException e) {
                  if (!closed) {
                    LOG.warn("smb accept on {}: {}", key, e.toString());
                  }
                }
              }
            });
  }

  /** Bound ports: "smb" (direct TCP) and, when enabled, "netbios". */
  public Map<String, Integer> ports() {
    Map<String, Integer> m = new LinkedHashMap<>();
    listeners.forEach((k, v) -> m.put(k, v.socket().getLocalPort()));
    return m;
  }

  /** The number of files open through this server (for leak checks). */
  public int openFiles() {
    return context.openFiles().size();
  }

  /** The number of live connections. */
  public int connections() {
    return connections.size();
  }

  @Override
  public void close() throws IOException {
    closed = true;
    for (ServerSocketChannel ss : listeners.values()) {
      ss.close();
    }
    for (SocketChannel s : connections) {
      s.close();
    }
    timers.shutdownNow();
  }

  /** Configures and starts a server. */
  public static final class Builder {
    private String bindAddress = "0.0.0.0";
    private int port = 445;
    private int netbiosPort = 139;
    private ShareSource shares;
    private SmbAuthenticator authenticator;
    private SessionCrypto crypto;
    private Function<String, Optional<NamedPipe>> pipes = name -> Optional.empty();
    private Clock clock = Clock.systemUTC();
    private boolean requireSigning;
    private boolean requireEncryption;

    private Builder() {}

    /** The address to bind. */
    public Builder withBindAddress(String address) {
      bindAddress = address;
      return this;
    }

    /** The direct TCP port (445; 0 for ephemeral). */
    public Builder withPort(int p) {
      port = p;
      return this;
    }

    /** The NetBIOS session service port (139; 0 ephemeral; negative disables it). */
    public Builder withNetbiosPort(int p) {
      netbiosPort = p;
      return this;
    }

    /** Where shares come from. */
    public Builder withShares(ShareSource source) {
      shares = source;
      return this;
    }

    /** How sessions authenticate. */
    public Builder withAuthenticator(SmbAuthenticator a) {
      authenticator = a;
      return this;
    }

    /** Signing and encryption (none: unsigned sessions only). */
    public Builder withCrypto(SessionCrypto c) {
      crypto = c;
      return this;
    }

    /** Named pipes of IPC$ by lower-case name. */
    public Builder withPipes(Function<String, Optional<NamedPipe>> p) {
      pipes = p;
      return this;
    }

    /** The clock. */
    public Builder withClock(Clock c) {
      clock = c;
      return this;
    }

    /** Requires signing on every session. */
    public Builder requireSigning(boolean v) {
      requireSigning = v;
      return this;
    }

    /** Requires encryption on every session (SMB 3 only). */
    public Builder requireEncryption(boolean v) {
      requireEncryption = v;
      return this;
    }

    /** Binds the listeners and starts accepting. */
    public SmbServer start() throws IOException {
      if (shares == null || authenticator == null) {
        throw new IllegalStateException("shares and authenticator are required");
      }
      if ((requireSigning || requireEncryption) && crypto == null) {
        throw new IllegalStateException("signing or encryption required without crypto");
      }
      byte[] guid = new byte[16];
      new SecureRandom().nextBytes(guid);
      ScheduledExecutorService timers =
          Executors.newSingleThreadScheduledExecutor(
              Thread.ofPlatform().daemon().name("smb-timers").factory());
      OplockTable.Timer timer = OplockTable.on(timers);
      ServerContext ctx =
          new ServerContext(
              shares,
              authenticator,
              crypto,
              pipes,
              new OpenFiles(clock),
              clock,
              guid,
              clock.instant(),
              requireSigning,
              requireEncryption,
              new AtomicLong(new SecureRandom().nextInt(1 << 20) + 1L),
              new OplockTable(clock, OplockTable.ACK_TIMEOUT, timer),
              new dev.kiln.smb.state.DurableHandles(clock, timer),
              new dev.kiln.smb.state.GlobalSessions());
      SmbServer server = new SmbServer(ctx, timers);
      try {
        server.listen("smb", bindAddress, port, SmbTransport.DIRECT_TCP);
        if (netbiosPort >= 0) {
          server.listen("netbios", bindAddress, netbiosPort, SmbTransport.NETBIOS);
        }
      } catch (IOException e) {
        server.close();
        throw e;
      }
      return server;
    }
  }
}
