package dev.kiln.daemon.nfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kiln.cli.state.RuntimeState;
import dev.kiln.daemon.KilnProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.dcache.oncrpc4j.rpc.OncRpcClient;
import org.dcache.oncrpc4j.rpc.RpcAuthTypeUnix;
import org.dcache.oncrpc4j.rpc.RpcCall;
import org.dcache.oncrpc4j.rpc.RpcTransport;
import org.dcache.oncrpc4j.rpc.net.IpProtocolType;
import org.dcache.oncrpc4j.xdr.XdrAble;
import org.dcache.oncrpc4j.xdr.XdrDecodingStream;
import org.dcache.oncrpc4j.xdr.XdrEncodingStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NFS writes acknowledged as stable (FILE_SYNC, or UNSTABLE followed by an acknowledged COMMIT)
 * survive {@code kill -9} of `kiln serve` while a client keeps writing.
 */
class NfsKillNineIT {

  @TempDir Path dataDir;

  private record Ack(long offset, byte[] data) {}

  private interface Body {
    void encode(XdrEncodingStream x) throws IOException;
  }

  private interface Decoder<T> {
    T decode(XdrDecodingStream x) throws IOException;
  }

  private static <T> T call(RpcTransport t, int prog, int proc, Body args, Decoder<T> decoder)
      throws Exception {
    Object[] out = new Object[1];
    XdrAble a =
        new XdrAble() {
          @Override
          public void xdrEncode(XdrEncodingStream x) throws IOException {
            args.encode(x);
          }

          @Override
          public void xdrDecode(XdrDecodingStream x) {}
        };
    XdrAble r =
        new XdrAble() {
          @Override
          public void xdrEncode(XdrEncodingStream x) {}

          @Override
          public void xdrDecode(XdrDecodingStream x) throws IOException {
            out[0] = decoder.decode(x);
          }
        };
    new RpcCall(prog, 3, new RpcAuthTypeUnix(0, 0, new int[] {0}, 0, "it"), t)
        .call(proc, a, r, 20, TimeUnit.SECONDS);
    @SuppressWarnings("unchecked")
    T value = (T) out[0];
    return value;
  }

  private static byte[] mount(RpcTransport t) throws Exception {
    return call(
        t,
        100_005,
        1,
        x -> x.xdrEncodeDynamicOpaque("/tank/k9".getBytes(StandardCharsets.UTF_8)),
        x -> x.xdrDecodeInt() == 0 ? x.xdrDecodeDynamicOpaque() : null);
  }

  private static byte[] lookupOrCreate(RpcTransport t, byte[] dir, String name, int proc)
      throws Exception {
    return call(
        t,
        100_003,
        proc,
        x -> {
          x.xdrEncodeDynamicOpaque(dir);
          x.xdrEncodeDynamicOpaque(name.getBytes(StandardCharsets.UTF_8));
          if (proc == 8) {
            x.xdrEncodeInt(0);
            for (int i = 0; i < 4; i++) {
              x.xdrEncodeBoolean(false);
            }
            x.xdrEncodeInt(0);
            x.xdrEncodeInt(0);
          }
        },
        x -> {
          if (x.xdrDecodeInt() != 0) {
            return null;
          }
          if (proc == 8) {
            x.xdrDecodeBoolean();
          }
          return x.xdrDecodeDynamicOpaque();
        });
  }

  private static int write(RpcTransport t, byte[] fh, long offset, byte[] data, int stable)
      throws Exception {
    return call(
        t,
        100_003,
        7,
        x -> {
          x.xdrEncodeDynamicOpaque(fh);
          x.xdrEncodeLong(offset);
          x.xdrEncodeInt(data.length);
          x.xdrEncodeInt(stable);
          x.xdrEncodeDynamicOpaque(data);
        },
        XdrDecodingStream::xdrDecodeInt);
  }

  private static int commit(RpcTransport t, byte[] fh) throws Exception {
    return call(
        t,
        100_003,
        21,
        x -> {
          x.xdrEncodeDynamicOpaque(fh);
          x.xdrEncodeLong(0);
          x.xdrEncodeInt(0);
        },
        XdrDecodingStream::xdrDecodeInt);
  }

  private static byte[] read(RpcTransport t, byte[] fh, long offset, int count) throws Exception {
    return call(
        t,
        100_003,
        6,
        x -> {
          x.xdrEncodeDynamicOpaque(fh);
          x.xdrEncodeLong(offset);
          x.xdrEncodeInt(count);
        },
        x -> {
          if (x.xdrDecodeInt() != 0) {
            return null;
          }
          if (x.xdrDecodeBoolean()) {
            for (int i = 0; i < 21; i++) {
              x.xdrDecodeInt();
            }
          }
          x.xdrDecodeInt();
          x.xdrDecodeBoolean();
          return x.xdrDecodeDynamicOpaque();
        });
  }

  private KilnProcess serve() throws IOException {
    KilnProcess daemon = KilnProcess.start("serve", "--data-dir", dataDir.toString());
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> daemon.printed("ready:") || !daemon.process().isAlive());
    assertThat(daemon.process().isAlive()).as(daemon.output()).isTrue();
    return daemon;
  }

  private InetSocketAddress nfsAddress() throws IOException {
    return new InetSocketAddress(
        InetAddress.getLoopbackAddress(), RuntimeState.read(dataDir).bound().get("nfs").getFirst());
  }

  @Test
  void stableWritesSurviveSigkillOfTheDaemon() throws Exception {
    Files.writeString(
        dataDir.resolve("kiln.conf"),
        "listen.address = 127.0.0.1\nports.bsrapid = 0,0,0\nports.ssh = 0\nports.iscsi = 0,0\n"
            + "ports.nfs-rpc = 0\nports.nfs = 0\nports.smb = 0,0\nports.nfs-lockmgr = 0\npool.default.size = 2G\n"
            + "nfs.grace-period-seconds = 0\n");
    Map<String, String> env =
        Map.of("KILN_CREDENTIALS", dataDir.resolve("cli-credentials.json").toString());
    List<Ack> fileSync = new CopyOnWriteArrayList<>();
    List<Ack> committed = new CopyOnWriteArrayList<>();
    try (KilnProcess daemon = serve()) {
      KilnProcess login =
          KilnProcess.run(
              env,
              daemon.initialPassword() + "\n",
              "login",
              "--password-stdin",
              "--data-dir",
              dataDir.toString());
      assertThat(login.process().exitValue()).as(login.output()).isZero();
      KilnProcess created =
          KilnProcess.run(
              env,
              null,
              "dataset",
              "create",
              "-o",
              "sharenfs=rw,no_root_squash",
              "tank/k9",
              "--data-dir",
              dataDir.toString());
      assertThat(created.process().exitValue()).as(created.output()).isZero();
      try (OncRpcClient client = new OncRpcClient(nfsAddress(), IpProtocolType.TCP)) {
        RpcTransport t = client.connect(20, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).until(() -> mount(t) != null);
        byte[] root = mount(t);
        byte[] sync = lookupOrCreate(t, root, "sync", 8);
        byte[] unstable = lookupOrCreate(t, root, "unstable", 8);
        Thread writer =
            Thread.ofVirtual()
                .start(
                    () -> {
                      Random random = new Random(7);
                      try {
                        for (int i = 0; ; i++) {
                          byte[] data =
                              new byte[8192 + random.nextInt(57_344)]; // within its 64 KiB slot
                          random.nextBytes(data);
                          long offset = (long) i * 65_536;
                          if (write(t, sync, offset, data, 2) == 0) {
                            fileSync.add(new Ack(offset, data));
                          }
                          if (write(t, unstable, offset, data, 0) == 0
                              && commit(t, unstable) == 0) {
                            committed.add(new Ack(offset, data));
                          }
                        }
                      } catch (Exception killed) {
                        // The daemon died under the writer: what was acknowledged is checked.
                      }
                    });
        await().atMost(Duration.ofSeconds(120)).until(() -> committed.size() >= 40);
        daemon.process().toHandle().destroyForcibly();
        daemon.process().waitFor(30, TimeUnit.SECONDS);
        writer.join(Duration.ofSeconds(60));
      }
    }
    try (KilnProcess again = serve();
        OncRpcClient client = new OncRpcClient(nfsAddress(), IpProtocolType.TCP)) {
      RpcTransport t = client.connect(20, TimeUnit.SECONDS);
      byte[] root = mount(t);
      byte[] sync = lookupOrCreate(t, root, "sync", 3);
      byte[] unstable = lookupOrCreate(t, root, "unstable", 3);
      for (Ack a : fileSync) {
        assertThat(read(t, sync, a.offset(), a.data().length))
            .as("FILE_SYNC write at %d", a.offset())
            .isEqualTo(a.data());
      }
      for (Ack a : committed) {
        assertThat(read(t, unstable, a.offset(), a.data().length))
            .as("committed write at %d", a.offset())
            .isEqualTo(a.data());
      }
      System.out.printf(
          "NFS kill -9: %d FILE_SYNC and %d committed writes all intact%n",
          fileSync.size(), committed.size());
    }
  }
}
