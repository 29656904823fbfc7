package dev.kiln.nfs.rpc;

import java.net.InetSocketAddress;

/** RFC 5665 §5.2.3.3 universal addresses: {@code h1.h2.h3.h4.p1.p2} (IPv4) or IPv6 text + ports. */
public final class UniversalAddress {

  private UniversalAddress() {}

  /** The universal address of a socket address. */
  public static String of(InetSocketAddress address) {
    String host = address.getAddress().getHostAddress();
    int port = address.getPort();
    return host + "." + (port >> 8) + "." + (port & 0xff);
  }

  /** The port of a universal address, or 0 when it is malformed. */
  public static int port(String address) {
    int last = address.lastIndexOf('.');
    int prev = last > 0 ? address.lastIndexOf('.', last - 1) : -1;
    if (prev < 0) {
      return 0;
    }
    try {
      int hi = Integer.parseInt(address.substring(prev + 1, last));
      int lo = Integer.parseInt(address.substring(last + 1));
      if (hi < 0 || hi > 255 || lo < 0 || lo > 255) {
        return 0;
      }
      return hi << 8 | lo;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The host part of a universal address. */
  public static String host(String address) {
    int last = address.lastIndexOf('.');
    int prev = last > 0 ? address.lastIndexOf('.', last - 1) : -1;
    return prev < 0 ? address : address.substring(0, prev);
  }
}
