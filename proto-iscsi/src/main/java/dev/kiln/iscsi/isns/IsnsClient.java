package dev.kiln.iscsi.isns;

import dev.kiln.common.lifecycle.Health;
import dev.kiln.common.lifecycle.ManagedService;
import dev.kiln.iscsi.target.IscsiTarget;
import dev.kiln.iscsi.target.TargetCatalog;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The iSNS client (RFC 4171): registers this appliance as a network entity with its portal and
 * every target of the catalog at the configured iSNS server (DevAttrReg, §5.6.5.1), re-registers on
 * an interval so new and removed targets show up, and deregisters the entity (DevDereg, §5.6.5.4)
 * when it stops. Unauthenticated iSNSP over TCP; the server must allow it.
 */
public final class IsnsClient implements ManagedService {

  /** iSNSP function ids (§6.1). */
  static final int DEV_ATTR_REG = 0x0001;

  static final int DEV_DEREG = 0x0004;

  /** Attribute tags (§6.1). */
  static final int TAG_DELIMITER = 0;

  static final int TAG_ENTITY_ID = 1;
  static final int TAG_ENTITY_PROTOCOL = 2;
  static final int TAG_PORTAL_IP = 16;
  static final int TAG_PORTAL_PORT = 17;
  static final int TAG_ISCSI_NAME = 32;
  static final int TAG_ISCSI_NODE_TYPE = 33;

  private static final Logger LOG = LoggerFactory.getLogger(IsnsClient.class);
  private static final int FLAG_CLIENT = 0x8000;
  private static final int FLAG_REPLACE = 0x1000;
  private static final int FLAG_FIRST_LAST = 0x0c00;

  private final InetSocketAddress server;
  private final String entity;
  private final String portalAddress;
  private final IntSupplier portalPort;
  private final TargetCatalog catalog;
  private final Duration interval;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private int transaction;
  private volatile Thread worker;
  private volatile String lastError = "";
  private volatile List<String> registered = List.of();

  /**
   * @param server the iSNS server
   * @param entity this appliance's entity identifier
   * @param portalAddress the address initiators reach the portal at
   * @param portalPort the portal's bound port (read at each registration)
   * @param catalog the targets to register
   * @param interval how often the registration is refreshed
   */
  public IsnsClient(
      InetSocketAddress server,
      String entity,
      String portalAddress,
      IntSupplier portalPort,
      TargetCatalog catalog,
      Duration interval) {
    this.server = server;
    this.entity = entity;
    this.portalAddress = portalAddress;
    this.portalPort = portalPort;
    this.catalog = catalog;
    this.interval = interval;
  }

  @Override
  public String name() {
    return "isns";
  }

  @Override
  public Set<String> dependsOn() {
    return Set.of("iscsi");
  }

  @Override
  public void start() {
    worker = Thread.ofVirtual().name("isns-client").start(this::loop);
  }

  private void loop() {
    do {
      try {
        register();
        lastError = "";
      } catch (IOException | RuntimeException e) {
        lastError = String.valueOf(e.getMessage());
        LOG.warn("iSNS registration at {} failed: {}", server, e.getMessage());
      }
      try {
        if (stopped.await(interval.toMillis(), TimeUnit.MILLISECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      }
    } while (true);
  }

  /** The target names registered by the last successful registration. */
  public List<String> registered() {
    return registered;
  }

  /** Registers the entity, its portal and every target, replacing the previous registration. */
  public void register() throws IOException {
    List<IscsiTarget> targets = catalog.targets();
    if (targets.isEmpty()) {
      // Nothing to discover: withdraw what an earlier registration announced.
      if (!registered.isEmpty()) {
        deregister();
      }
      return;
    }
    ByteArrayOutputStream attrs = new ByteArrayOutputStream();
    // §5.6.1: the source is a registered (or being registered) storage node of this entity.
    String source = targets.get(0).name();
    attribute(attrs, TAG_ISCSI_NAME, string(source));
    attribute(attrs, TAG_ENTITY_ID, string(entity));
    attribute(attrs, TAG_DELIMITER, new byte[0]);
    attribute(attrs, TAG_ENTITY_ID, string(entity));
    attribute(attrs, TAG_ENTITY_PROTOCOL, u32(2)); // iSCSI
    attribute(attrs, TAG_PORTAL_IP, ipv6(portalAddress));
    attribute(attrs, TAG_PORTAL_PORT, u32(portalPort.getAsInt()));
    for (IscsiTarget t : targets) {
      attribute(attrs, TAG_ISCSI_NAME, string(t.name()));
      attribute(attrs, TAG_ISCSI_NODE_TYPE, u32(1)); // target (§6.4.2)
    }
    exchange(DEV_ATTR_REG, FLAG_REPLACE, attrs.toByteArray());
    registered = targets.stream().map(IscsiTarget::name).toList();
  }

  /** Removes the entity and everything registered under it. */
  public void deregister() throws IOException {
    List<String> names = registered;
    if (names.isEmpty()) {
      return;
    }
    ByteArrayOutputStream attrs = new ByteArrayOutputStream();
    attribute(attrs, TAG_ISCSI_NAME, string(names.get(0)));
    attribute(attrs, TAG_DELIMITER, new byte[0]);
    attribute(attrs, TAG_ENTITY_ID, string(entity));
    exchange(DEV_DEREG, 0, attrs.toByteArray());
    registered = List.of();
  }

  @Override
  public void stop() throws InterruptedException {
    stopped.countDown();
    Thread w = worker;
    if (w != null) {
      w.join();
    }
    try {
      deregister();
    } catch (IOException e) {
      LOG.warn("iSNS deregistration at {} failed: {}", server, e.getMessage());
    }
  }

  @Override
  public Health health() {
    if (worker == null) {
      return new Health(Health.State.STOPPED, "");
    }
    return lastError.isEmpty() ? Health.up() : Health.degraded("iSNS: " + lastError);
  }

  /** Sends one request and checks the response's status code (§5.4, §6.4.1). */
  private synchronized void exchange(int function, int flags, byte[] payload) throws IOException {
    int id = ++transaction & 0xffff;
    ByteBuffer header = ByteBuffer.allocate(12);
    header.putShort((short) 1).putShort((short) function).putShort((short) payload.length);
    header.putShort((short) (FLAG_CLIENT | FLAG_FIRST_LAST | flags));
    header.putShort((short) id).putShort((short) 0);
    try (Socket s = new Socket()) {
      s.connect(server, 10_000);
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(header.array());
      out.write(payload);
      out.flush();
      DataInputStream in = new DataInputStream(s.getInputStream());
      byte[] rh = new byte[12];
      in.readFully(rh);
      ByteBuffer r = ByteBuffer.wrap(rh);
      r.getShort();
      int rf = r.getShort() & 0xffff;
      int len = r.getShort() & 0xffff;
      if (rf != (0x8000 | function)) {
        throw new IOException("iSNS answered function 0x%04x to 0x%04x".formatted(rf, function));
      }
      if (len < 4) {
        throw new IOException("iSNS response without a status code");
      }
      byte[] body = readBody(in, len);
      int status = ByteBuffer.wrap(body).getInt();
      if (status != 0) {
        throw new IOException("iSNS server refused with status " + status);
      }
    }
  }

  private static byte[] readBody(InputStream in, int len) throws IOException {
    byte[] b = new byte[len];
    new DataInputStream(in).readFully(b);
    return b;
  }

  private static void attribute(ByteArrayOutputStream out, int tag, byte[] value) {
    ByteBuffer b = ByteBuffer.allocate(8 + value.length);
    b.putInt(tag).putInt(value.length).put(value);
    out.writeBytes(b.array());
  }

  /** A NUL-terminated string padded to a multiple of four (§6.1). */
  private static byte[] string(String s) {
    byte[] raw = s.getBytes(StandardCharsets.UTF_8);
    byte[] v = new byte[(raw.length + 1 + 3) & ~3];
    System.arraycopy(raw, 0, v, 0, raw.length);
    return v;
  }

  private static byte[] u32(int v) {
    return ByteBuffer.allocate(4).putInt(v).array();
  }

  /** An address as 16 bytes, IPv4 mapped into IPv6 (§6.3.1). */
  private static byte[] ipv6(String address) throws IOException {
    byte[] a = InetAddress.getByName(address).getAddress();
    if (a.length == 16) {
      return a;
    }
    byte[] v = new byte[16];
    v[10] = (byte) 0xff;
    v[11] = (byte) 0xff;
    System.arraycopy(a, 0, v, 12, 4);
    return v;
  }
}
