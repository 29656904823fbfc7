package dev.kiln.iscsi.target;

import dev.kiln.common.lifecycle.Health;
import dev.kiln.common.lifecycle.ManagedService;
import dev.kiln.iscsi.login.SessionParameters;
import dev.kiln.iscsi.login.TargetLimits;
import dev.kiln.iscsi.login.TextParameters;
import dev.kiln.iscsi.scsi.Cdb;
import dev.kiln.iscsi.scsi.LogicalUnit;
import dev.kiln.iscsi.scsi.ScsiResponse;
import dev.kiln.iscsi.scsi.SenseData;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The iSCSI target service (RFC 7143): listens on the portal, runs one virtual thread per
 * connection, keeps the sessions (creation, reinstatement, multiple connections), and answers what
 * belongs to the target rather than to a logical unit: REPORT LUNS, commands to absent LUNs,
 * SendTargets, task management.
 */
public final class IscsiServer implements ManagedService {

  /** The one target portal group every portal belongs to (§13.9). */
  static final int PORTAL_GROUP_TAG = 1;

  /** Largest ExpectedDataTransferLength a write may announce: bounds a command's buffer. */
  static final int MAX_COMMAND_BUFFER = 16 << 20;

  private static final Logger LOG = LoggerFactory.getLogger(IscsiServer.class);

  /** The session a login joined. */
  record Joined(Session session) {}

  private final String address;
  private final int port;
  private final TargetCatalog catalog;
  private final TargetLimits limits;
  private final Set<String> dependsOn;
  private final AtomicInteger nextTsih = new AtomicInteger(1);
  private final java.util.concurrent.atomic.AtomicLong nextConnection =
      new java.util.concurrent.atomic.AtomicLong();
  private final Map<Integer, Session> sessions = new ConcurrentHashMap<>();
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  private ServerSocketChannel listener;
  private ExecutorService executor;
  private Thread acceptor;
  private volatile int boundPort = -1;

  /**
   * @param address the address to listen on
   * @param port the portal's TCP port (0 for any free port)
   * @param catalog where targets come from
   * @param limits negotiation limits
   * @param dependsOn the services the catalog needs running
   */
  public IscsiServer(
      String address, int port, TargetCatalog catalog, TargetLimits limits, Set<String> dependsOn) {
    this.address = address;
    this.port = port;
    this.catalog = catalog;
    this.limits = limits;
    this.dependsOn = Set.copyOf(dependsOn);
  }

  @Override
  public String name() {
    return "iscsi";
  }

  @Override
  public Set<String> dependsOn() {
    return dependsOn;
  }

  @Override
  public void start() throws IOException {
    executor = Executors.newVirtualThreadPerTaskExecutor();
    listener = ServerSocketChannel.open();
    listener.bind(new InetSocketAddress(InetAddress.getByName(address), port), 128);
    boundPort = ((InetSocketAddress) listener.getLocalAddress()).getPort();
    acceptor = Thread.ofVirtual().name("iscsi-accept").start(this::acceptLoop);
    LOG.info("iSCSI target listening on {}:{}", address, boundPort);
  }

  private void acceptLoop() {
    while (listener.isOpen()) {
      try {
        SocketChannel ch = listener.accept();
        ch.socket().setTcpNoDelay(true);
        Connection c = new Connection(this, ch);
        connections.add(c);
        // A platform thread reads each connection: the kernel wakes it straight from the socket
        // when PDUs arrive, where a virtual thread would be woken by the poller thread and then
        // wait for a carrier, two wake-ups per batch of commands on a busy machine. Connections
        // are few (an initiator opens one or a handful); commands still run on virtual threads.
        Thread.ofPlatform().name("iscsi-connection-", nextConnection.incrementAndGet()).start(c);
      } catch (IOException e) {
        if (listener.isOpen()) {
          LOG.warn("accept failed: {}", e.getMessage());
        }
      }
    }
  }

  /** The bound port, -1 before start. */
  public int boundPort() {
    return boundPort;
  }

  @Override
  public void stop() throws IOException, InterruptedException {
    if (listener != null) {
      listener.close();
    }
    for (Connection c : List.copyOf(connections)) {
      c.close();
    }
    if (acceptor != null) {
      acceptor.join();
    }
    if (executor != null) {
      executor.close();
    }
    boundPort = -1;
  }

  @Override
  public Health health() {
    return listener != null && listener.isOpen()
        ? Health.up()
        : new Health(Health.State.STOPPED, "");
  }

  /** Sessions currently logged in (discovery sessions included). */
  public int sessionCount() {
    return sessions.size();
  }

  TargetLimits limits() {
    return limits;
  }

  TargetCatalog catalog() {
    return catalog;
  }

  ExecutorService executor() {
    return executor;
  }

  Authenticator authenticator(IscsiTarget target, boolean discovery) {
    return new Authenticator(discovery || target == null ? null : target.chap());
  }

  /**
   * Puts a logged-in connection into a session (§6.3.5): TSIH 0 creates a session, reinstating
   * (closing) any session of the same initiator port and target; a non-zero TSIH adds the
   * connection to that session, replacing a connection with the same CID.
   */
  Joined join(
      Connection connection,
      int tsih,
      long isid,
      String initiatorName,
      IscsiTarget target,
      int cid,
      SessionParameters params,
      int cmdSn)
      throws LoginFailure {
    if (tsih == 0) {
      for (Session old : List.copyOf(sessions.values())) {
        if (old.isid() == isid
            && old.initiatorName().equals(initiatorName)
            && old.target() == target) {
          endSession(old, null);
        }
      }
      int id;
      do {
        id = nextTsih.getAndIncrement() & 0xffff;
      } while (id == 0 || sessions.containsKey(id));
      Session s = new Session(id, isid, initiatorName, target, params, cmdSn);
      s.connections().add(connection);
      sessions.put(id, s);
      if (target != null) {
        // A new I_T nexus to each logical unit (SAM-5 §6.3.1: it starts with a reset condition).
        target.units().values().forEach(u -> u.nexusJoined(s.nexus()));
      }
      return new Joined(s);
    }
    Session s = sessions.get(tsih);
    if (s == null
        || s.isid() != isid
        || !s.initiatorName().equals(initiatorName)
        || s.target() != target) {
      throw new LoginFailure(LoginStatus.SESSION_DOES_NOT_EXIST, "no session " + tsih);
    }
    Connection old = connection(s, cid);
    if (old != null) {
      old.close();
    }
    if (s.connections().size() >= s.params().maxConnections()) {
      throw new LoginFailure(LoginStatus.TOO_MANY_CONNECTIONS, "MaxConnections reached");
    }
    s.connections().add(connection);
    return new Joined(s);
  }

  Connection connection(Session s, int cid) {
    for (Connection c : s.connections()) {
      if (c.cid() == cid) {
        return c;
      }
    }
    return null;
  }

  void connectionClosed(Connection c) {
    connections.remove(c);
    Session s = c.session();
    if (s != null) {
      s.connections().remove(c);
      if (s.connections().isEmpty()) {
        // ErrorRecoveryLevel 0, DefaultTime2Retain 0: the session ends with its last connection.
        removeSession(s);
      }
    }
  }

  /** Ends a session: closes its connections except {@code keep} (which closes itself). */
  void endSession(Session s, Connection keep) {
    removeSession(s);
    for (Connection c : s.connections()) {
      if (c != keep) {
        c.close();
      }
    }
  }

  private void removeSession(Session s) {
    if (sessions.remove(s.tsih(), s) && s.target() != null) {
      for (LogicalUnit u : s.target().units().values()) {
        u.nexusLost(s.nexus());
      }
    }
  }

  /** SendTargets (RFC 7143 Appendix C): every target, or this session's. */
  void sendTargets(Session s, String value, InetSocketAddress local, TextParameters out) {
    String host = local.getAddress().getHostAddress();
    if (local.getAddress() instanceof java.net.Inet6Address) {
      host = "[" + host + "]";
    }
    String portal = host + ":" + local.getPort() + "," + PORTAL_GROUP_TAG;
    for (IscsiTarget t : catalog.targets()) {
      boolean wanted =
          s.discovery()
              ? value.equals("All") || value.equals(t.name())
              : value.isEmpty()
                  || value.equals(t.name())
                  || value.equals("All")
                      && s.target() != null
                      && s.target().name().equals(t.name());
      if (wanted && t.allows(s.initiatorName())) {
        out.add("TargetName", t.name());
        out.add("TargetAddress", portal);
      }
    }
  }

  /** REPORT LUNS (SPC-4 §6.33), answered for the target on any LUN. */
  ScsiResponse reportLuns(IscsiTarget target, byte[] cdb) {
    if (Byte.toUnsignedInt(cdb[0]) != 0xa0) {
      return ScsiResponse.check(SenseData.lunNotSupported());
    }
    int select = Cdb.u8(cdb, 2);
    long alloc = Cdb.u32(cdb, 6);
    if (select > 2 && select != 0x10 && select != 0x11 && select != 0x12) {
      return ScsiResponse.check(SenseData.invalidFieldInCdb(2));
    }
    if (alloc < 16) {
      return ScsiResponse.check(SenseData.invalidFieldInCdb(6));
    }
    List<Integer> luns = select == 1 ? List.of() : new ArrayList<>(target.units().keySet());
    byte[] b = new byte[8 + 8 * luns.size()];
    Cdb.put32(b, 0, 8L * luns.size());
    for (int i = 0; i < luns.size(); i++) {
      Cdb.put64(b, 8 + 8 * i, Connection.lunField(luns.get(i)));
    }
    return ScsiResponse.good(b, (int) Math.min(alloc, Integer.MAX_VALUE));
  }

  /** A command to a LUN with no unit (SPC-4 §6.4.2, SAM-5 §5.9.7). */
  ScsiResponse absentUnit(byte[] cdb) {
    int op = Byte.toUnsignedInt(cdb[0]);
    if (op == 0x12) {
      byte[] inq = new byte[36];
      inq[0] = 0x7f;
      inq[2] = 0x06;
      inq[3] = 0x12;
      inq[4] = 31;
      return ScsiResponse.good(inq, Cdb.u16(cdb, 3));
    }
    if (op == 0x03) {
      return ScsiResponse.good(SenseData.lunNotSupported().encode(), Cdb.u8(cdb, 4));
    }
    return ScsiResponse.check(SenseData.lunNotSupported());
  }

  /**
   * Task management (RFC 7143 §11.5.1, SAM-5 §7): returns the response code of §11.6.1.
   *
   * @param refItt the Referenced Task Tag
   * @param refCmdSn the RefCmdSN
   */
  int taskManagement(Session s, Connection from, int function, int lun, int refItt, int refCmdSn) {
    IscsiTarget target = s.target();
    switch (function) {
      case 1 -> {
        for (Connection c : s.connections()) {
          Boolean aborted = c.abortTask(refItt);
          if (aborted != null) {
            return aborted ? 0 : 1;
          }
        }
        // §11.5.1: a task never received but inside the window counts as aborted.
        CommandWindow w = s.window();
        boolean inWindow =
            CommandWindow.compare(refCmdSn, w.expCmdSn()) >= 0
                && CommandWindow.compare(refCmdSn, w.maxCmdSn()) <= 0;
        return inWindow ? 0 : 1;
      }
      case 2, 4 -> {
        if (!target.units().containsKey(lun)) {
          return 2;
        }
        for (Connection c : s.connections()) {
          c.abortTasks(lun);
        }
        return 0;
      }
      case 3 -> {
        return 5; // CLEAR ACA: NACA is refused, so there is never an ACA to clear
      }
      case 5 -> {
        LogicalUnit unit = target.units().get(lun);
        if (unit == null) {
          return 2;
        }
        abortEverywhere(target, lun);
        unit.reset(s.nexus());
        return 0;
      }
      case 6, 7 -> {
        abortEverywhere(target, -1);
        target.units().values().forEach(u -> u.reset(s.nexus()));
        return 0;
      }
      case 8 -> {
        return 4; // TASK REASSIGN needs ErrorRecoveryLevel 2
      }
      default -> {
        return 255;
      }
    }
  }

  private void abortEverywhere(IscsiTarget target, int lun) {
    for (Session other : sessions.values()) {
      if (other.target() == target) {
        for (Connection c : other.connections()) {
          c.abortTasks(lun);
        }
      }
    }
  }
}
