package dev.kiln.nfs.nlm;

import dev.kiln.nfs.rpc.RpcPrograms;
import dev.kiln.nfs.rpc.UniversalAddress;
import dev.kiln.nfs.rpc.XdrReply;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.dcache.oncrpc4j.portmap.GenericPortmapClient;
import org.dcache.oncrpc4j.rpc.OncRpcClient;
import org.dcache.oncrpc4j.rpc.RpcAuthTypeNone;
import org.dcache.oncrpc4j.rpc.RpcCall;
import org.dcache.oncrpc4j.rpc.RpcTransport;
import org.dcache.oncrpc4j.rpc.net.IpProtocolType;
import org.dcache.oncrpc4j.xdr.XdrVoid;

/** Sends SM_NOTIFY (NSM procedure 6) to a client's status monitor, found through its portmapper. */
final class NsmNotifier {

  private static final int SM_NOTIFY = 6;

  private NsmNotifier() {}

  /** Tells the statd at {@code address} that this server restarted with {@code state}. */
  static void notify(String address, int portmapPort, String clientName, int state)
      throws IOException {
    InetAddress host = InetAddress.getByName(address);
    int statdPort;
    try (OncRpcClient pm =
        new OncRpcClient(new InetSocketAddress(host, portmapPort), IpProtocolType.TCP)) {
      RpcTransport t = pm.connect(5, TimeUnit.SECONDS);
      String uaddr = new GenericPortmapClient(t).getPort(RpcPrograms.NSM, 1, "tcp");
      statdPort = uaddr == null ? 0 : UniversalAddress.port(uaddr);
    } catch (TimeoutException e) {
      throw new IOException("portmap of " + address + " did not answer", e);
    }
    if (statdPort == 0) {
      throw new IOException("no status monitor registered at " + address + " for " + clientName);
    }
    String me = InetAddress.getLocalHost().getHostName();
    try (OncRpcClient c =
        new OncRpcClient(new InetSocketAddress(host, statdPort), IpProtocolType.TCP)) {
      RpcTransport t = c.connect(5, TimeUnit.SECONDS);
      RpcCall call = new RpcCall(RpcPrograms.NSM, 1, new RpcAuthTypeNone(), t);
      XdrReply args =
          xdr -> {
            xdr.xdrEncodeString(me);
            xdr.xdrEncodeInt(state);
          };
      call.call(SM_NOTIFY, args, XdrVoid.XDR_VOID, 5, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new IOException("statd of " + address + " did not answer", e);
    }
  }
}
