package dev.kiln.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.dcache.oncrpc4j.rpc.OncRpcClient;
import org.dcache.oncrpc4j.rpc.RpcAuthTypeUnix;
import org.dcache.oncrpc4j.rpc.RpcCall;
import org.dcache.oncrpc4j.rpc.RpcTransport;
import org.dcache.oncrpc4j.rpc.net.IpProtocolType;
import org.dcache.oncrpc4j.xdr.XdrAble;
import org.dcache.oncrpc4j.xdr.XdrDecodingStream;
import org.dcache.oncrpc4j.xdr.XdrEncodingStream;

/**
 * The metadata line of `kiln bench nfs`: CREATE, GETATTR and REMOVE of many files through an in-JVM
 * NFSv3 client (oncrpc4j's client side, RFC 1813 encoded by hand), over several connections at
 * once, against any NFSv3 server; the same client for Kiln and the reference.
 */
final class NfsMetadataLoad {

  private NfsMetadataLoad() {}

  private interface Body {
    void encode(XdrEncodingStream x) throws IOException;
  }

  private static final class Call implements XdrAble {
    private final Body body;
    int status = -1;
    byte[] handle;

    Call(Body body) {
      this.body = body;
    }

    @Override
    public void xdrEncode(XdrEncodingStream x) throws IOException {
      body.encode(x);
    }

    @Override
    public void xdrDecode(XdrDecodingStream x) throws IOException {
      status = x.xdrDecodeInt();
      if (status == 0 && handle == null) {
        handle = new byte[0];
      }
    }
  }

  /** Files per second for create + getattr + remove, over {@code connections} clients. */
  static double run(
      InetSocketAddress mountd, InetSocketAddress nfsd, String export, int files, int connections)
      throws Exception {
    byte[] root = mount(mountd, export);
    AtomicLong failures = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int c = 0; c < connections; c++) {
      int id = c;
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (OncRpcClient client = new OncRpcClient(nfsd, IpProtocolType.TCP)) {
                      RpcTransport t = client.connect(10, TimeUnit.SECONDS);
                      for (int i = id; i < files; i += connections) {
                        if (!createStatRemove(t, root, "m" + id + "-" + i)) {
                          failures.incrementAndGet();
                        }
                      }
                    } catch (IOException | TimeoutException e) {
                      failures.addAndGet(files);
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (failures.get() > 0) {
      throw new IOException(failures.get() + " metadata operations failed against " + nfsd);
    }
    return files / seconds;
  }

  private static RpcAuthTypeUnix root() {
    return new RpcAuthTypeUnix(0, 0, new int[] {0}, 0, "bench");
  }

  private static byte[] mount(InetSocketAddress mountd, String export) throws Exception {
    try (OncRpcClient client = new OncRpcClient(mountd, IpProtocolType.TCP)) {
      RpcTransport t = client.connect(10, TimeUnit.SECONDS);
      byte[][] handle = new byte[1][];
      XdrAble result =
          new XdrAble() {
            @Override
            public void xdrDecode(XdrDecodingStream x) throws IOException {
              int status = x.xdrDecodeInt();
              if (status != 0) {
                throw new IOException("MNT " + export + " failed with " + status);
              }
              handle[0] = x.xdrDecodeDynamicOpaque();
            }

            @Override
            public void xdrEncode(XdrEncodingStream x) {}
          };
      new RpcCall(100_005, 3, root(), t)
          .call(
              1,
              new Call(x -> x.xdrEncodeDynamicOpaque(export.getBytes(StandardCharsets.UTF_8))),
              result,
              10,
              TimeUnit.SECONDS);
      return handle[0];
    }
  }

  private static boolean createStatRemove(RpcTransport t, byte[] dir, String name)
      throws IOException, TimeoutException {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    byte[][] created = new byte[1][];
    XdrAble createResult =
        new XdrAble() {
          @Override
          public void xdrDecode(XdrDecodingStream x) throws IOException {
            if (x.xdrDecodeInt() == 0 && x.xdrDecodeBoolean()) {
              created[0] = x.xdrDecodeDynamicOpaque();
            }
          }

          @Override
          public void xdrEncode(XdrEncodingStream x) {}
        };
    new RpcCall(100_003, 3, root(), t)
        .call(
            8,
            new Call(
                x -> {
                  x.xdrEncodeDynamicOpaque(dir);
                  x.xdrEncodeDynamicOpaque(nameBytes);
                  x.xdrEncodeInt(1); // GUARDED
                  x.xdrEncodeBoolean(true);
                  x.xdrEncodeInt(0644);
                  for (int i = 0; i < 3; i++) {
                    x.xdrEncodeBoolean(false);
                  }
                  x.xdrEncodeInt(0);
                  x.xdrEncodeInt(0);
                }),
            createResult,
            30,
            TimeUnit.SECONDS);
    if (created[0] == null) {
      return false;
    }
    Call getattr = new Call(x -> x.xdrEncodeDynamicOpaque(created[0]));
    new RpcCall(100_003, 3, root(), t).call(1, getattr, getattr, 30, TimeUnit.SECONDS);
    Call remove =
        new Call(
            x -> {
              x.xdrEncodeDynamicOpaque(dir);
              x.xdrEncodeDynamicOpaque(nameBytes);
            });
    new RpcCall(100_003, 3, root(), t).call(12, remove, remove, 30, TimeUnit.SECONDS);
    return getattr.status == 0 && remove.status == 0;
  }
}
