package dev.kiln.iscsi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kiln.iscsi.isns.IsnsClient;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The iSNS client against Open-iSNS's isnsd (RFC 4171): the target shows up in the server's
 * database after registration and is gone after the client stops.
 */
class IsnsRegistrationIT {

  @TempDir Path work;

  /** The server's database as isnsd dumps it (queries would be scoped by discovery domain). */
  private PeerTools.Result nodes(Path conf) throws Exception {
    return PeerTools.run(60, work, "isnsd", "--config", conf.toString(), "--dump-db");
  }

  @Test
  void registersTheTargetsAndWithdrawsThemAtStop() throws Exception {
    PeerTools.require("isnsd", "open-isns-server");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path conf = work.resolve("isnsd.conf");
    Files.createDirectories(work.resolve("db"));
    Files.writeString(
        conf,
        String.join(
            "\n",
            "ServerAddress = 127.0.0.1:" + port,
            "BindAddress = 127.0.0.1:" + port,
            "Database = " + work.resolve("db"),
            "ControlSocket = " + work.resolve("control"),
            "PIDFile = " + work.resolve("isnsd.pid"),
            "Security = 0",
            "SLPRegister = 0",
            ""));
    Process isnsd =
        new ProcessBuilder("isnsd", "--config", conf.toString(), "--foreground")
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("isnsd.log").toFile())
            .start();
    int serverPort = port;
    try (MemoryTarget target = new MemoryTarget(2048, null, Set.of())) {
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(
              () -> {
                new Socket("127.0.0.1", serverPort).close();
                return true;
              });
      IsnsClient client =
          new IsnsClient(
              new InetSocketAddress("127.0.0.1", port),
              "kiln-isns-it",
              "127.0.0.1",
              target::port,
              target.catalog(),
              Duration.ofMinutes(10));
      client.start();
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(nodes(conf).output())
                      .contains("iSCSI name = \"" + MemoryTarget.IQN + "\"")
                      .contains("iSCSI node type = Target")
                      .contains("Portal TCP/UDP port = " + target.port() + "/tcp"));
      assertThat(client.registered()).containsExactly(MemoryTarget.IQN);
      assertThat(client.health().state().name()).isEqualTo("UP");
      client.stop();
      assertThat(nodes(conf).output()).doesNotContain("iSCSI name = \"" + MemoryTarget.IQN);
    } finally {
      isnsd.destroy();
      isnsd.waitFor();
    }
  }
}
