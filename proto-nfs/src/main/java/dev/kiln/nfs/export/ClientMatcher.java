package dev.kiln.nfs.export;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * One client specification of an export rule: {@code *}, an address, a network ({@code
 * [@]10.0.0.0/8}) or a host name (resolved when the rule is used, compared by address).
 *
 * @param text the specification as written
 */
public record ClientMatcher(String text) {

  /** Validates the syntax. */
  public ClientMatcher {
    if (text.isEmpty() || text.length() > 255 || text.chars().anyMatch(c -> c <= ' ' || c == ',')) {
      throw new IllegalArgumentException("bad client specification '" + text + "'");
    }
    String net = text.startsWith("@") ? text.substring(1) : text;
    int slash = net.indexOf('/');
    if (slash >= 0) {
      int bits;
      try {
        bits = Integer.parseInt(net.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad prefix length in '" + text + "'");
      }
      if (bits < 0 || bits > 128) {
        throw new IllegalArgumentException("bad prefix length in '" + text + "'");
      }
    }
  }

  /** True when {@code client} is covered by this specification. */
  public boolean matches(InetAddress client) {
    if (text.equals("*")) {
      return true;
    }
    String net = text.startsWith("@") ? text.substring(1) : text;
    int slash = net.indexOf('/');
    try {
      if (slash >= 0) {
        InetAddress base = InetAddress.getByName(net.substring(0, slash));
        int bits = Integer.parseInt(net.substring(slash + 1));
        return inNetwork(client, base, bits);
      }
      for (InetAddress a : InetAddress.getAllByName(net.toLowerCase(Locale.ROOT))) {
        if (a.equals(client)) {
          return true;
        }
      }
      return false;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static boolean inNetwork(InetAddress client, InetAddress base, int bits) {
    byte[] c = client.getAddress();
    byte[] b = base.getAddress();
    if (c.length != b.length || bits > c.length * 8) {
      return false;
    }
    for (int i = 0; i < bits; i++) {
      int mask = 0x80 >> (i % 8);
      if ((c[i / 8] & mask) != (b[i / 8] & mask)) {
        return false;
      }
    }
    return true;
  }
}
