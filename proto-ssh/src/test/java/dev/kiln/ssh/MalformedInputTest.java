package dev.kiln.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.ssh.SshFixture.Account;
import dev.kiln.ssh.SshFixture.Result;
import dev.kiln.ssh.auth.SshUser.FileAccess;
import dev.kiln.testkit.InteropPeers;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Garbage on the wire, before login and inside the SFTP subsystem: the connection or channel is
 * closed, the service keeps serving, and the dataset is unharmed.
 */
class MalformedInputTest {

  @TempDir static Path tmp;

  static SshFixture fx;
  static Account admin;

  @BeforeAll
  static void start() throws Exception {
    InteropPeers.require("ssh", "openssh-client");
    fx = new SshFixture(tmp, (user, args, in, out, err) -> 0);
    admin = fx.addUser("admin", 1000, FileAccess.SUPERUSER);
  }

  @AfterAll
  static void stop() throws Exception {
    if (fx != null) {
      fx.close();
    }
  }

  /** Sends bytes and reads until the server closes (bounded by a socket timeout). */
  private static void garbage(byte[] bytes) throws Exception {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", fx.service.boundPort()), 5000);
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      try {
        out.write(bytes);
        out.flush();
        s.shutdownOutput();
        byte[] buf = new byte[4096];
        while (in.read(buf) >= 0) {
          // drain until the server closes
        }
      } catch (java.net.SocketException closedEarly) {
        // the server may reset the connection while we still write: that is a refusal too
      }
    }
  }

  private static void assertStillServes() throws Exception {
    Path b = Files.createTempFile(tmp, "batch", ".txt");
    Files.writeString(b, "ls /tank\n");
    List<String> cmd = new ArrayList<>(List.of("sftp"));
    cmd.addAll(fx.common("sftp"));
    cmd.addAll(fx.keyAuth(admin));
    cmd.addAll(List.of("-b", b.toString(), "admin@127.0.0.1"));
    Result r = SshFixture.run(cmd, null);
    assertThat(r.exit()).as(r.err()).isZero();
  }

  @Test
  void garbageBeforeLoginClosesTheConnection() throws Exception {
    Random r = new Random(3);
    byte[] banner = "SSH-2.0-Fuzz\r\n".getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < 20; i++) {
      byte[] noise = new byte[r.nextInt(4096)];
      r.nextBytes(noise);
      garbage(noise);
      ByteBuffer packet = ByteBuffer.allocate(banner.length + 4 + noise.length);
      packet.put(banner);
      // alternately an absurd packet length, a tiny one and a random one
      packet.putInt(i % 3 == 0 ? 0x7fff_ffff : i % 3 == 1 ? 1 : r.nextInt());
      packet.put(noise);
      garbage(packet.array());
    }
    garbage(new byte[] {'S', 'S', 'H', '-'}); // truncated banner
    garbage("x".repeat(300_000).getBytes(StandardCharsets.US_ASCII)); // endless banner line
    assertStillServes();
  }

  @Test
  void garbageInsideTheSftpSubsystemClosesTheChannel() throws Exception {
    Random r = new Random(5);
    List<byte[]> inputs = new ArrayList<>();
    inputs.add(new byte[] {0, 0, 0}); // truncated length
    inputs.add(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1}); // oversized
    inputs.add(new byte[] {0, 0, 0, 5, 1, 0, 0, 0, 3}); // INIT v3, then nothing
    // INIT then a READ with a truncated body
    inputs.add(new byte[] {0, 0, 0, 5, 1, 0, 0, 0, 3, 0, 0, 0, 9, 5, 0, 0, 0, 1, 0, 0, 0, 9});
    for (int i = 0; i < 8; i++) {
      byte[] noise = new byte[1 + r.nextInt(10_000)];
      r.nextBytes(noise);
      inputs.add(noise);
      byte[] afterInit = new byte[9 + noise.length];
      System.arraycopy(new byte[] {0, 0, 0, 5, 1, 0, 0, 0, 3}, 0, afterInit, 0, 9);
      System.arraycopy(noise, 0, afterInit, 9, noise.length);
      inputs.add(afterInit);
    }
    for (byte[] input : inputs) {
      List<String> cmd = new ArrayList<>(List.of("ssh"));
      cmd.addAll(fx.common("ssh"));
      cmd.addAll(fx.keyAuth(admin));
      cmd.addAll(List.of("-s", "admin@127.0.0.1", "sftp"));
      SshFixture.run(cmd, input); // any exit status: the point is what follows
    }
    assertStillServes();
  }

  @Test
  void garbageExecCommandsAreRefused() throws Exception {
    Random r = new Random(9);
    for (int i = 0; i < 10; i++) {
      StringBuilder command = new StringBuilder();
      for (int j = 0; j < 1 + r.nextInt(200); j++) {
        command.append((char) (1 + r.nextInt(0x2ff)));
      }
      List<String> cmd = new ArrayList<>(List.of("ssh"));
      cmd.addAll(fx.common("ssh"));
      cmd.addAll(fx.keyAuth(admin));
      cmd.addAll(List.of("admin@127.0.0.1", "x" + command));
      Result res = SshFixture.run(cmd, null);
      assertThat(res.exit()).as(res.err()).isEqualTo(127);
    }
    assertStillServes();
  }
}
