package dev.kiln.nfs.rpc;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dcache.oncrpc4j.rpc.RpcCall;
import org.dcache.oncrpc4j.xdr.XdrDecodingStream;
import org.dcache.oncrpc4j.xdr.XdrEncodingStream;

/**
 * portmap version 2 and rpcbind versions 3 and 4 (RFC 1833) over one in-memory table.
 *
 * <p>Kiln registers its own programs in-process; remote SET/UNSET are accepted only from loopback,
 * as rpcbind does, so nobody on the network can redirect clients. CALLIT/BCAST/INDIRECT
 * (forwarding) answer PROC_UNAVAIL: forwarding makes the portmapper an amplifier and no NFS client
 * needs it.
 */
public final class Portmapper extends ProgramDispatcher {

  private final List<RpcRegistration> table = new CopyOnWriteArrayList<>();
  private final Clock clock;

  /** An empty table; {@code clock} answers GETTIME. */
  public Portmapper(Clock clock) {
    this.clock = clock;
  }

  /** Adds a mapping, replacing one for the same program, version and netid. */
  public void register(RpcRegistration r) {
    unregister(r.program(), r.version(), r.netid());
    table.add(r);
  }

  /** Removes the mappings of a program version for one netid, or every netid when null. */
  public boolean unregister(int program, int version, String netid) {
    return table.removeIf(
        e ->
            e.program() == program
                && e.version() == version
                && (netid == null || netid.isEmpty() || e.netid().equals(netid)));
  }

  /** The current table. */
  public List<RpcRegistration> registrations() {
    return List.copyOf(table);
  }

  @Override
  protected void dispatch(RpcCall call, XdrDecodingStream args)
      throws IOException, UnknownProcedureException {
    int version = call.getProgramVersion();
    int proc = call.getProcedure();
    if (version == 2) {
      portmap2(call, args, proc);
    } else if (version == 3 || version == 4) {
      rpcbind(call, args, proc, version);
    } else {
      call.failProgramMismatch(2, 4);
    }
  }

  private void portmap2(RpcCall call, XdrDecodingStream args, int proc)
      throws IOException, UnknownProcedureException {
    switch (proc) {
      case 0 -> XdrReply.send(call, XdrReply.empty());
      case 1, 2 -> {
        int prog = args.xdrDecodeInt();
        int vers = args.xdrDecodeInt();
        int prot = args.xdrDecodeInt();
        int port = args.xdrDecodeInt();
        boolean ok = fromLoopback(call);
        String netid = prot == 17 ? "udp" : "tcp";
        if (ok && proc == 1) {
          ok = findV2(prog, vers, prot) == null;
          if (ok) {
            table.add(
                new RpcRegistration(
                    prog, vers, netid, "0.0.0.0." + (port >> 8) + "." + (port & 0xff), "remote"));
          }
        } else if (ok) {
          ok = table.removeIf(e -> e.program() == prog && e.version() == vers);
        }
        boolean result = ok;
        XdrReply.send(call, xdr -> xdr.xdrEncodeBoolean(result));
      }
      case 3 -> {
        int prog = args.xdrDecodeInt();
        int vers = args.xdrDecodeInt();
        int prot = args.xdrDecodeInt();
        args.xdrDecodeInt();
        RpcRegistration r = findV2(prog, vers, prot);
        int port = r == null ? 0 : r.port();
        XdrReply.send(call, xdr -> xdr.xdrEncodeInt(port));
      }
      case 4 -> {
        List<RpcRegistration> snapshot = registrations();
        XdrReply.send(
            call,
            xdr -> {
              for (RpcRegistration r : snapshot) {
                if (r.netid().equals("tcp") || r.netid().equals("udp")) {
                  xdr.xdrEncodeBoolean(true);
                  xdr.xdrEncodeInt(r.program());
                  xdr.xdrEncodeInt(r.version());
                  xdr.xdrEncodeInt(r.protocol());
                  xdr.xdrEncodeInt(r.port());
                }
              }
              xdr.xdrEncodeBoolean(false);
            });
      }
      default -> throw new UnknownProcedureException(proc);
    }
  }

  private RpcRegistration findV2(int prog, int vers, int prot) {
    String netid = prot == 17 ? "udp" : "tcp";
    for (RpcRegistration r : table) {
      if (r.program() == prog && r.version() == vers && r.netid().equals(netid)) {
        return r;
      }
    }
    return null;
  }

  private void rpcbind(RpcCall call, XdrDecodingStream args, int proc, int version)
      throws IOException, UnknownProcedureException {
    switch (proc) {
      case 0 -> XdrReply.send(call, XdrReply.empty());
      case 1 -> {
        RpcRegistration r = decodeRpcb(args);
        boolean ok = fromLoopback(call) && find(r.program(), r.version(), r.netid()) == null;
        if (ok) {
          table.add(r);
        }
        XdrReply.send(call, xdr -> xdr.xdrEncodeBoolean(ok));
      }
      case 2 -> {
        RpcRegistration r = decodeRpcb(args);
        boolean ok = fromLoopback(call) && unregister(r.program(), r.version(), r.netid());
        XdrReply.send(call, xdr -> xdr.xdrEncodeBoolean(ok));
      }
      case 3, 9 -> {
        // GETADDR (v3, and v4's GETVERSADDR): the address for the version, "" if none.
        RpcRegistration want = decodeRpcb(args);
        RpcRegistration r = find(want.program(), want.version(), want.netid());
        if (r == null && proc == 3 && version == 4) {
          // v4 GETADDR matches any version of the program (RFC 1833 §2.2.1).
          r = table.stream().filter(e -> e.program() == want.program()).findFirst().orElse(null);
        }
        String addr = r == null ? "" : local(r, call);
        XdrReply.send(call, xdr -> xdr.xdrEncodeString(addr));
      }
      case 4 -> {
        List<RpcRegistration> snapshot = registrations();
        XdrReply.send(
            call,
            xdr -> {
              for (RpcRegistration r : snapshot) {
                xdr.xdrEncodeBoolean(true);
                encodeRpcb(xdr, r, local(r, call));
              }
              xdr.xdrEncodeBoolean(false);
            });
      }
      case 6 -> {
        int now = (int) (clock.millis() / 1000);
        XdrReply.send(call, xdr -> xdr.xdrEncodeInt(now));
      }
      case 11 -> {
        if (version != 4) {
          throw new UnknownProcedureException(proc);
        }
        RpcRegistration want = decodeRpcb(args);
        List<RpcRegistration> matches =
            registrations().stream()
                .filter(e -> e.program() == want.program() && e.version() == want.version())
                .toList();
        XdrReply.send(
            call,
            xdr -> {
              for (RpcRegistration r : matches) {
                xdr.xdrEncodeBoolean(true);
                xdr.xdrEncodeString(local(r, call));
                xdr.xdrEncodeString(r.netid());
                // r_nc_semantics: NC_TPI_CLTS (1) for datagrams, NC_TPI_COTS_ORD (3) for streams.
                xdr.xdrEncodeInt(r.netid().startsWith("udp") ? 1 : 3);
                xdr.xdrEncodeString(r.netid().endsWith("6") ? "inet6" : "inet");
                xdr.xdrEncodeString(r.netid().startsWith("udp") ? "udp" : "tcp");
              }
              xdr.xdrEncodeBoolean(false);
            });
      }
      default -> throw new UnknownProcedureException(proc);
    }
  }

  private RpcRegistration find(int prog, int vers, String netid) {
    for (RpcRegistration r : table) {
      if (r.program() == prog && r.version() == vers && r.netid().equals(netid)) {
        return r;
      }
    }
    return null;
  }

  /** A wildcard address becomes the address the caller reached us on. */
  private static String local(RpcRegistration r, RpcCall call) {
    String host = UniversalAddress.host(r.address());
    if (!host.equals("0.0.0.0") && !host.equals("::")) {
      return r.address();
    }
    var localAddress = call.getTransport().getLocalSocketAddress();
    String localHost =
        localAddress == null ? "127.0.0.1" : localAddress.getAddress().getHostAddress();
    int port = r.port();
    return localHost + "." + (port >> 8) + "." + (port & 0xff);
  }

  private static RpcRegistration decodeRpcb(XdrDecodingStream args) throws IOException {
    int prog = args.xdrDecodeInt();
    int vers = args.xdrDecodeInt();
    String netid = XdrStrings.decode(args, 64);
    String addr = XdrStrings.decode(args, 128);
    String owner = XdrStrings.decode(args, 256);
    return new RpcRegistration(prog, vers, netid, addr, owner);
  }

  private static void encodeRpcb(XdrEncodingStream xdr, RpcRegistration r, String address) {
    xdr.xdrEncodeInt(r.program());
    xdr.xdrEncodeInt(r.version());
    xdr.xdrEncodeString(r.netid());
    xdr.xdrEncodeString(address);
    xdr.xdrEncodeString(r.owner());
  }

  private static boolean fromLoopback(RpcCall call) {
    var remote = call.getTransport().getRemoteSocketAddress();
    InetAddress a = remote == null ? null : remote.getAddress();
    return a != null && a.isLoopbackAddress();
  }
}
