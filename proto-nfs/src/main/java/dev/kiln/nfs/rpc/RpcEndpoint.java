package dev.kiln.nfs.rpc;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.dcache.oncrpc4j.rpc.OncRpcProgram;
import org.dcache.oncrpc4j.rpc.OncRpcSvc;
import org.dcache.oncrpc4j.rpc.OncRpcSvcBuilder;
import org.dcache.oncrpc4j.rpc.RpcDispatchable;
import org.dcache.oncrpc4j.rpc.net.IpProtocolType;

/**
 * A set of RPC programs served on one port over TCP and UDP. The TCP listener binds first so an
 * ephemeral port (0) gets one number that UDP then shares, as portmap expects.
 */
public final class RpcEndpoint implements AutoCloseable {

  private final OncRpcSvc tcp;
  private final OncRpcSvc udp;
  private final int port;

  private RpcEndpoint(OncRpcSvc tcp, OncRpcSvc udp, int port) {
    this.tcp = tcp;
    this.udp = udp;
    this.port = port;
  }

  /** Binds {@code programs} on {@code bindAddress:port}; calls run on {@code workers}. */
  public static RpcEndpoint start(
      String name,
      String bindAddress,
      int port,
      Map<OncRpcProgram, RpcDispatchable> programs,
      ExecutorService workers)
      throws IOException {
    OncRpcSvc tcp = build(name + "-tcp", bindAddress, port, IpProtocolType.TCP, workers, programs);
    tcp.start();
    int bound = tcp.getInetSocketAddress(IpProtocolType.TCP).getPort();
    OncRpcSvc udp = build(name + "-udp", bindAddress, bound, IpProtocolType.UDP, workers, programs);
    try {
      udp.start();
    } catch (IOException | RuntimeException e) {
      tcp.stop();
      throw e;
    }
    return new RpcEndpoint(tcp, udp, bound);
  }

  private static OncRpcSvc build(
      String name,
      String bindAddress,
      int port,
      int protocol,
      ExecutorService workers,
      Map<OncRpcProgram, RpcDispatchable> programs) {
    OncRpcSvcBuilder b = new OncRpcSvcBuilder();
    programs.forEach(b::withRpcService);
    return b.withServiceName(name)
        .withBindAddress(bindAddress)
        .withPort(port)
        .withIpProtocolType(protocol)
        .withoutAutoPublish()
        .withTcpNoDelay(true)
        .withSameThreadIoStrategy()
        .withWorkerThreadExecutionService(workers)
        .build();
  }

  /** The bound port (TCP and UDP). */
  public int port() {
    return port;
  }

  @Override
  public void close() throws IOException {
    try {
      udp.stop();
    } finally {
      tcp.stop();
    }
  }
}
