package dev.kiln.nfs.nlm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.nfs.fixture.Nfs3Calls;
import dev.kiln.nfs.fixture.NfsFixture;
import dev.kiln.nfs.fixture.NfsTestClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NLM v4 byte-range locks between two clients, and reclaim after a server restart. */
class LockManagerTest {

  static final int GRANTED = 0;
  static final int DENIED = 1;
  static final int BLOCKED = 3;
  static final int DENIED_GRACE = 4;
  static final int STALE = 7;

  @TempDir Path dir;

  record Nlm(NfsTestClient client, String host, int svid) {

    static Nlm connect(NfsFixture nfs, String host, int svid) throws IOException {
      return new Nlm(
          new NfsTestClient(
              new InetSocketAddress(
                  InetAddress.getLoopbackAddress(), nfs.server().ports().get("nlm")),
              0,
              0),
          host,
          svid);
    }

    void lockArgs(org.dcache.oncrpc4j.xdr.XdrEncodingStream x, byte[] fh, long off, long len) {
      NfsTestClient.string(x, host);
      x.xdrEncodeDynamicOpaque(fh);
      x.xdrEncodeDynamicOpaque(("owner-" + host + svid).getBytes());
      x.xdrEncodeInt(svid);
      x.xdrEncodeLong(off);
      x.xdrEncodeLong(len);
    }

    int lock(byte[] fh, long off, long len, boolean exclusive, boolean block, boolean reclaim)
        throws IOException {
      return client.call(
          100_021,
          4,
          2,
          x -> {
            x.xdrEncodeDynamicOpaque(new byte[] {1});
            x.xdrEncodeBoolean(block);
            x.xdrEncodeBoolean(exclusive);
            lockArgs(x, fh, off, len);
            x.xdrEncodeBoolean(reclaim);
            x.xdrEncodeInt(3);
          },
          x -> {
            x.xdrDecodeDynamicOpaque();
            return x.xdrDecodeInt();
          });
    }

    int test(byte[] fh, long off, long len, boolean exclusive) throws IOException {
      return client.call(
          100_021,
          4,
          1,
          x -> {
            x.xdrEncodeDynamicOpaque(new byte[] {2});
            x.xdrEncodeBoolean(exclusive);
            lockArgs(x, fh, off, len);
          },
          x -> {
            x.xdrDecodeDynamicOpaque();
            return x.xdrDecodeInt();
          });
    }

    int cancel(byte[] fh, long off, long len) throws IOException {
      return client.call(
          100_021,
          4,
          3,
          x -> {
            x.xdrEncodeDynamicOpaque(new byte[] {4});
            x.xdrEncodeBoolean(true);
            x.xdrEncodeBoolean(true);
            lockArgs(x, fh, off, len);
          },
          x -> {
            x.xdrDecodeDynamicOpaque();
            return x.xdrDecodeInt();
          });
    }

    int unlock(byte[] fh, long off, long len) throws IOException {
      return client.call(
          100_021,
          4,
          4,
          x -> {
            x.xdrEncodeDynamicOpaque(new byte[] {3});
            lockArgs(x, fh, off, len);
          },
          x -> {
            x.xdrDecodeDynamicOpaque();
            return x.xdrDecodeInt();
          });
    }
  }

  @Test
  void twoClientsContendForTheSameRange() throws Exception {
    try (NfsFixture nfs = NfsFixture.start(dir, 128L << 20);
        NfsTestClient c = nfs.client(0, 0)) {
      nfs.share("tank/s", "rw,no_root_squash");
      Nfs3Calls calls = new Nfs3Calls(c);
      byte[] f = calls.create(calls.mount("/tank/s").handle(), "f", 1, 0).handle();
      Nlm a = Nlm.connect(nfs, "client-a", 100);
      Nlm b = Nlm.connect(nfs, "client-b", 200);
      assertThat(a.lock(f, 0, 100, true, false, false)).isEqualTo(GRANTED);
      assertThat(b.lock(f, 50, 10, true, false, false)).isEqualTo(DENIED);
      assertThat(b.lock(f, 50, 10, false, true, false)).isEqualTo(BLOCKED);
      assertThat(b.test(f, 99, 1, false)).isEqualTo(DENIED);
      assertThat(b.lock(f, 100, 0, true, false, false)).as("beyond the range").isEqualTo(GRANTED);
      assertThat(a.unlock(f, 0, 60)).isEqualTo(GRANTED);
      assertThat(b.lock(f, 0, 60, true, false, false)).isEqualTo(GRANTED);
      assertThat(b.lock(f, 60, 10, false, false, false))
          .as("a still holds 60-99")
          .isEqualTo(DENIED);
      assertThat(a.lock(f, 0, 1, false, false, false)).isEqualTo(DENIED);
      a.unlock(f, 0, 0);
      assertThat(b.lock(f, 60, 40, false, false, false)).isEqualTo(GRANTED);
      byte[] bogus = new byte[32];
      assertThat(a.lock(bogus, 0, 1, true, false, false)).isEqualTo(STALE);
      a.client().close();
      b.client().close();
    }
  }

  @Test
  void aBlockedLockIsGrantedWithACallbackWhenTheRangeFrees() throws Exception {
    java.util.concurrent.BlockingQueue<int[]> granted =
        new java.util.concurrent.LinkedBlockingQueue<>();
    // The "client host": its own portmapper and lock manager, as a Linux client runs them.
    dev.kiln.nfs.rpc.Portmapper clientPortmap =
        new dev.kiln.nfs.rpc.Portmapper(java.time.Clock.systemUTC());
    org.dcache.oncrpc4j.rpc.RpcDispatchable clientNlm =
        call -> {
          org.dcache.oncrpc4j.xdr.XdrDecodingStream x = call.getXdr();
          byte[] cookie = x.xdrDecodeDynamicOpaque();
          boolean exclusive = x.xdrDecodeBoolean();
          x.xdrDecodeDynamicOpaque();
          x.xdrDecodeDynamicOpaque();
          x.xdrDecodeDynamicOpaque();
          int svid = x.xdrDecodeInt();
          granted.add(new int[] {call.getProcedure(), cookie[0], exclusive ? 1 : 0, svid});
          dev.kiln.nfs.rpc.XdrReply.send(
              call,
              xdr -> {
                xdr.xdrEncodeDynamicOpaque(cookie);
                xdr.xdrEncodeInt(GRANTED);
              });
        };
    try (var workers = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
        var pm =
            dev.kiln.nfs.rpc.RpcEndpoint.start(
                "client-pm",
                "127.0.0.1",
                0,
                java.util.Map.of(
                    new org.dcache.oncrpc4j.rpc.OncRpcProgram(100_000, 2), clientPortmap),
                workers);
        var lockd =
            dev.kiln.nfs.rpc.RpcEndpoint.start(
                "client-nlm",
                "127.0.0.1",
                0,
                java.util.Map.of(new org.dcache.oncrpc4j.rpc.OncRpcProgram(100_021, 4), clientNlm),
                workers);
        NfsFixture nfs = NfsFixture.start(dir, 128L << 20);
        NfsTestClient c = nfs.client(0, 0)) {
      clientPortmap.register(
          new dev.kiln.nfs.rpc.RpcRegistration(
              100_021,
              4,
              "tcp",
              "127.0.0.1." + (lockd.port() >> 8) + "." + (lockd.port() & 0xff),
              "test"));
      nfs.server().nlm().clientPortmapPort(pm.port());
      nfs.share("tank/s", "rw,no_root_squash");
      Nfs3Calls calls = new Nfs3Calls(c);
      byte[] f = calls.create(calls.mount("/tank/s").handle(), "f", 1, 0).handle();
      Nlm a = Nlm.connect(nfs, "client-a", 100);
      Nlm b = Nlm.connect(nfs, "client-b", 200);
      Nlm b2 = Nlm.connect(nfs, "client-b", 201);
      assertThat(a.lock(f, 0, 10, true, false, false)).isEqualTo(GRANTED);
      assertThat(b.lock(f, 5, 10, true, true, false)).isEqualTo(BLOCKED);
      assertThat(b2.lock(f, 0, 1, true, true, false)).isEqualTo(BLOCKED);
      assertThat(b2.cancel(f, 0, 1)).as("a queued request is cancelled").isEqualTo(GRANTED);
      assertThat(b2.cancel(f, 0, 1)).as("nothing left to cancel").isEqualTo(DENIED);
      assertThat(granted).isEmpty();
      assertThat(a.unlock(f, 0, 10)).isEqualTo(GRANTED);
      int[] callback = granted.poll(30, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(callback).as("NLM4_GRANTED reached the client").isNotNull();
      assertThat(callback[0]).isEqualTo(5);
      assertThat(callback[1]).isEqualTo(1);
      assertThat(callback[3]).isEqualTo(200);
      assertThat(a.lock(f, 6, 1, false, false, false)).as("b now holds 5-14").isEqualTo(DENIED);
      assertThat(granted.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS))
          .as("the cancelled request is never granted")
          .isNull();
      a.client().close();
      b.client().close();
      b2.client().close();
    }
  }

  @Test
  void aLockSurvivesARestartThroughReclaimInTheGracePeriod() throws Exception {
    try (NfsFixture nfs = NfsFixture.start(dir, 128L << 20, Duration.ofSeconds(45))) {
      nfs.share("tank/s", "rw,no_root_squash");
      byte[] f;
      try (NfsTestClient c = nfs.client(0, 0)) {
        Nfs3Calls calls = new Nfs3Calls(c);
        f = calls.create(calls.mount("/tank/s").handle(), "f", 1, 0).handle();
      }
      nfs.clock().advance(Duration.ofSeconds(46));
      Nlm a = Nlm.connect(nfs, "client-a", 100);
      assertThat(a.lock(f, 0, 10, true, false, false)).isEqualTo(GRANTED);
      int stateBefore = nfs.server().nlm().nsm().state();
      assertThat(nfs.server().nlm().nsm().monitored()).containsKey("client-a");
      a.client().close();

      nfs.restart();
      assertThat(nfs.server().nlm().nsm().state()).isGreaterThan(stateBefore).isOdd();
      assertThat(nfs.server().nlm().nsm().monitored()).containsKey("client-a");
      Nlm a2 = Nlm.connect(nfs, "client-a", 100);
      Nlm b = Nlm.connect(nfs, "client-b", 200);
      assertThat(b.lock(f, 0, 10, true, false, false)).isEqualTo(DENIED_GRACE);
      assertThat(b.test(f, 0, 10, true)).isEqualTo(DENIED_GRACE);
      assertThat(a2.lock(f, 0, 10, true, false, true)).as("reclaim").isEqualTo(GRANTED);
      nfs.clock().advance(Duration.ofSeconds(46));
      assertThat(b.lock(f, 0, 10, true, false, false)).isEqualTo(DENIED);
      assertThat(a2.unlock(f, 0, 10)).isEqualTo(GRANTED);
      assertThat(b.lock(f, 0, 10, true, false, false)).isEqualTo(GRANTED);
      a2.client().close();
      b.client().close();
    }
  }

  @Test
  void aClientRebootReportedByNsmReleasesItsLocks() throws Exception {
    try (NfsFixture nfs = NfsFixture.start(dir, 128L << 20);
        NfsTestClient c = nfs.client(0, 0)) {
      nfs.share("tank/s", "rw,no_root_squash");
      Nfs3Calls calls = new Nfs3Calls(c);
      byte[] f = calls.create(calls.mount("/tank/s").handle(), "f", 1, 0).handle();
      Nlm a = Nlm.connect(nfs, "client-a", 100);
      Nlm b = Nlm.connect(nfs, "client-b", 200);
      assertThat(a.lock(f, 0, 0, true, false, false)).isEqualTo(GRANTED);
      assertThat(b.lock(f, 0, 1, true, false, false)).isEqualTo(DENIED);
      a.client()
          .call(
              100_024,
              1,
              6,
              x -> {
                NfsTestClient.string(x, "client-a");
                x.xdrEncodeInt(5);
              },
              x -> 0);
      assertThat(b.lock(f, 0, 1, true, false, false)).isEqualTo(GRANTED);
      int[] stat =
          a.client()
              .call(
                  100_024,
                  1,
                  1,
                  x -> NfsTestClient.string(x, "me"),
                  x -> new int[] {x.xdrDecodeInt(), x.xdrDecodeInt()});
      assertThat(stat[0]).isZero();
      assertThat(stat[1]).isOdd();
      a.client().close();
      b.client().close();
    }
  }
}
