package dev.kiln.nfs.nlm;

import dev.kiln.nfs.rpc.RpcPrograms;
import dev.kiln.nfs.rpc.UniversalAddress;
import dev.kiln.nfs.rpc.XdrReply;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.dcache.oncrpc4j.portmap.GenericPortmapClient;
import org.dcache.oncrpc4j.rpc.OncRpcClient;
import org.dcache.oncrpc4j.rpc.RpcAuthTypeNone;
import org.dcache.oncrpc4j.rpc.RpcCall;
import org.dcache.oncrpc4j.rpc.RpcTransport;
import org.dcache.oncrpc4j.rpc.net.IpProtocolType;
import org.dcache.oncrpc4j.xdr.XdrAble;
import org.dcache.oncrpc4j.xdr.XdrDecodingStream;
import org.dcache.oncrpc4j.xdr.XdrEncodingStream;

/**
 * NLM4_GRANTED (procedure 5): tells a client's lock manager that a lock it waited for is now held,
 * found through the client's portmapper; its answer says whether the client still wants it.
 */
final class NlmGrantedCallback {

  private static final int NLM4_GRANTED = 5;

  private NlmGrantedCallback() {}

  /** True when the client accepted the grant (nlm4_granted), false if it no longer wants it. */
  static boolean grant(BlockedLock b, int portmapPort) throws IOException {
    InetAddress host = InetAddress.getByName(b.address());
    int nlmPort;
    try (OncRpcClient pm =
        new OncRpcClient(new InetSocketAddress(host, portmapPort), IpProtocolType.TCP)) {
      RpcTransport t = pm.connect(5, TimeUnit.SECONDS);
      String uaddr = new GenericPortmapClient(t).getPort(RpcPrograms.NLM, 4, "tcp");
      nlmPort = uaddr == null ? 0 : UniversalAddress.port(uaddr);
    } catch (TimeoutException e) {
      throw new IOException("portmap of " + b.address() + " did not answer", e);
    }
    if (nlmPort == 0) {
      throw new IOException("no lock manager registered at " + b.address());
    }
    try (OncRpcClient c =
        new OncRpcClient(new InetSocketAddress(host, nlmPort), IpProtocolType.TCP)) {
      RpcTransport t = c.connect(5, TimeUnit.SECONDS);
      RpcCall call = new RpcCall(RpcPrograms.NLM, 4, new RpcAuthTypeNone(), t);
      XdrReply args =
          xdr -> {
            xdr.xdrEncodeDynamicOpaque(b.cookie());
            xdr.xdrEncodeBoolean(b.exclusive());
            xdr.xdrEncodeDynamicOpaque(b.owner().host().getBytes(StandardCharsets.UTF_8));
            xdr.xdrEncodeDynamicOpaque(b.fh());
            xdr.xdrEncodeDynamicOpaque(b.owner().handle());
            xdr.xdrEncodeInt(b.svid());
            xdr.xdrEncodeLong(b.offset());
            xdr.xdrEncodeLong(b.length());
          };
      int[] status = {-1};
      XdrAble result =
          new XdrAble() {
            @Override
            public void xdrDecode(XdrDecodingStream x) throws IOException {
              x.xdrDecodeDynamicOpaque();
              status[0] = x.xdrDecodeInt();
            }

            @Override
            public void xdrEncode(XdrEncodingStream x) {
              throw new UnsupportedOperationException();
            }
          };
      call.call(NLM4_GRANTED, args, result, 5, TimeUnit.SECONDS);
      return status[0] == NlmStatus.GRANTED.ordinal();
    } catch (TimeoutException e) {
      throw new IOException("the lock manager of " + b.address() + " did not answer", e);
    }
  }
}
