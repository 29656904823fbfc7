package dev.kiln.nfs.rpc;

/**
 * One rpcbind mapping (RFC 1833 §2.1 {@code rpcb}).
 *
 * @param program the RPC program number
 * @param version the program version
 * @param netid "tcp", "udp", "tcp6" or "udp6"
 * @param address the universal address, {@code h1.h2.h3.h4.p1.p2}
 * @param owner who registered it
 */
public record RpcRegistration(
    int program, int version, String netid, String address, String owner) {

  /** The IP protocol number portmap v2 uses for this netid (6 TCP, 17 UDP). */
  public int protocol() {
    return netid.startsWith("udp") ? 17 : 6;
  }

  /** The port encoded in the universal address, or 0 if it cannot be read. */
  public int port() {
    return UniversalAddress.port(address);
  }
}
