package dev.kiln.smb.command;

import dev.kiln.smb.protocol.SmbWriter;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * FSCTL_QUERY_NETWORK_INTERFACE_INFO ([MS-SMB2] 3.3.5.15.11, 2.2.32.5): one NETWORK_INTERFACE_INFO
 * per address of the interfaces the server answers on: the interface holding the connection's own
 * address, or every interface that is up when that address is a wildcard. Kiln has no multichannel
 * (SMB2_GLOBAL_CAP_MULTI_CHANNEL is not set), so clients only learn where they are connected;
 * neither RSS nor RDMA is claimed.
 */
final class NetworkInterfaces {

  /** The size of one NETWORK_INTERFACE_INFO (8-byte aligned). */
  static final int ENTRY = 152;

  private static final int AF_INET = 0x0002;
  private static final int AF_INET6 = 0x0017;
  private static final long DEFAULT_SPEED = 1_000_000_000L;

  private NetworkInterfaces() {}

  /** An address of an interface. */
  record Entry(int index, long linkSpeed, InetAddress address) {}

  /** The entries for a connection that arrived on {@code local} (null: unknown, list all). */
  static List<Entry> of(InetAddress local) throws SocketException {
    List<Entry> out = new ArrayList<>();
    List<NetworkInterface> ifs = new ArrayList<>();
    NetworkInterface holding = local == null ? null : NetworkInterface.getByInetAddress(local);
    if (holding != null) {
      ifs.add(holding);
    } else {
      ifs.addAll(Collections.list(NetworkInterface.getNetworkInterfaces()));
    }
    for (NetworkInterface nif : ifs) {
      // 3.3.5.15.11: no interface with IfIndex 0.
      if (!nif.isUp() || nif.getIndex() <= 0) {
        continue;
      }
      long speed = linkSpeed(nif.getName());
      for (InterfaceAddress a : nif.getInterfaceAddresses()) {
        InetAddress address = a.getAddress();
        if (holding == null || local.isAnyLocalAddress() || address.equals(local)) {
          out.add(new Entry(nif.getIndex(), speed, address));
        }
      }
    }
    return out;
  }

  /** Appends the NETWORK_INTERFACE_INFO list of {@code entries}. */
  static void write(SmbWriter w, List<Entry> entries) {
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      int start = w.position();
      w.u32(i == entries.size() - 1 ? 0 : ENTRY).u32(e.index()).u32(0).u32(0).u64(e.linkSpeed());
      // SOCKADDR_STORAGE (2.2.32.5.1): family, then the address in the family's layout.
      if (e.address() instanceof Inet4Address v4) {
        w.u16(AF_INET).u16(0).bytes(v4.getAddress()).zeros(8);
      } else if (e.address() instanceof Inet6Address v6) {
        w.u16(AF_INET6).u16(0).u32(0).bytes(v6.getAddress()).u32(v6.getScopeId());
      }
      w.zeros(ENTRY - (w.position() - start));
    }
  }

  /** The link speed Linux reports in Mb/s, in bits per second; 1 Gb/s when it says nothing. */
  private static long linkSpeed(String name) {
    try {
      long mbps =
          Long.parseLong(Files.readString(Path.of("/sys/class/net", name, "speed")).strip());
      return mbps > 0 ? mbps * 1_000_000L : DEFAULT_SPEED;
    } catch (IOException | NumberFormatException | SecurityException e) {
      // Loopback and virtual interfaces have no speed.
      return DEFAULT_SPEED;
    }
  }
}
