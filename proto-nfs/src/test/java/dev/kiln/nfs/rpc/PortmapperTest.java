package dev.kiln.nfs.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.dcache.oncrpc4j.portmap.GenericPortmapClient;
import org.dcache.oncrpc4j.rpc.OncRpcClient;
import org.dcache.oncrpc4j.rpc.OncRpcProgram;
import org.dcache.oncrpc4j.rpc.net.IpProtocolType;
import org.junit.jupiter.api.Test;

class PortmapperTest {

  @Test
  void registeredProgramsAreFoundAndListed() throws Exception {
    Portmapper pm = new Portmapper(Clock.systemUTC());
    try (var workers = Executors.newVirtualThreadPerTaskExecutor();
        RpcEndpoint ep =
            RpcEndpoint.start(
                "pm-test",
                "127.0.0.1",
                0,
                Map.of(
                    new OncRpcProgram(RpcPrograms.PORTMAP, 2), pm,
                    new OncRpcProgram(RpcPrograms.PORTMAP, 3), pm,
                    new OncRpcProgram(RpcPrograms.PORTMAP, 4), pm),
                workers)) {
      pm.register(new RpcRegistration(RpcPrograms.NFS, 3, "tcp", "0.0.0.0.8.1", "kiln"));
      try (OncRpcClient c =
          new OncRpcClient(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), ep.port()),
              IpProtocolType.TCP)) {
        GenericPortmapClient client = new GenericPortmapClient(c.connect(5, TimeUnit.SECONDS));
        assertThat(client.getPort(RpcPrograms.NFS, 3, "tcp")).endsWith(".8.1");
        assertThat(client.getPort(RpcPrograms.NLM, 4, "tcp")).isNullOrEmpty();
        assertThat(client.dump()).anyMatch(r -> r.toString().contains("100003"));
      }
    }
  }
}
