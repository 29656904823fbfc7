package dev.kiln.daemon.iscsi;

import dev.kiln.iscsi.isns.IsnsClient;
import dev.kiln.iscsi.target.TargetCatalog;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.function.IntSupplier;

/** Builds the iSNS client from {@code iscsi.isns-server} (RFC 4171; port 3205 by default). */
public final class IsnsRegistration {

  /** The iSNS well-known port. */
  public static final int ISNS_PORT = 3205;

  private IsnsRegistration() {}

  /**
   * The client for {@code server} ({@code host[:port]} or {@code [v6]:port}).
   *
   * @param hostname the appliance name, for the entity identifier
   * @param listenAddress where the portal listens; a wildcard is replaced by the host's address
   * @param portalPort the portal's bound port
   * @param catalog the targets to register
   */
  public static IsnsClient client(
      String server,
      String hostname,
      String listenAddress,
      IntSupplier portalPort,
      TargetCatalog catalog)
      throws UnknownHostException {
    String host = server;
    int port = ISNS_PORT;
    int colon = server.lastIndexOf(':');
    if (colon > 0 && server.indexOf(':') == colon || server.startsWith("[") && colon > 0) {
      if (!server.endsWith("]")) {
        host = server.substring(0, colon);
        port = Integer.parseInt(server.substring(colon + 1));
      }
    }
    host = host.replace("[", "").replace("]", "");
    String portal =
        listenAddress.equals("0.0.0.0") || listenAddress.equals("::")
            ? InetAddress.getLocalHost().getHostAddress()
            : listenAddress;
    return new IsnsClient(
        new InetSocketAddress(host, port),
        "kiln:" + hostname,
        portal,
        portalPort,
        catalog,
        Duration.ofMinutes(2));
  }
}
