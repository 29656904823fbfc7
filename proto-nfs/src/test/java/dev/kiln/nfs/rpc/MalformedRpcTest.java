package dev.kiln.nfs.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.nfs.fixture.Nfs3Calls;
import dev.kiln.nfs.fixture.NfsFixture;
import dev.kiln.nfs.fixture.NfsTestClient;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Garbage, truncated and oversized RPC records against every program: each gets an RPC error reply
 * or a closed connection, and the server keeps serving correct calls afterwards.
 */
class MalformedRpcTest {

  static final int GARBAGE_ARGS = 4;

  @TempDir Path dir;
  NfsFixture nfs;
  byte[] root;

  @BeforeEach
  void setUp() throws Exception {
    nfs = NfsFixture.start(dir, 128L << 20);
    nfs.share("tank/s", "rw,no_root_squash");
    try (NfsTestClient c = nfs.client(0, 0)) {
      root = new Nfs3Calls(c).mount("/tank/s").handle();
    }
  }

  @AfterEach
  void tearDown() throws Exception {
    nfs.close();
  }

  /** A call header with AUTH_SYS credentials, then {@code args}. */
  static byte[] call(int xid, int prog, int vers, int proc, byte[] args) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(b);
    d.writeInt(xid);
    d.writeInt(0);
    d.writeInt(2);
    d.writeInt(prog);
    d.writeInt(vers);
    d.writeInt(proc);
    d.writeInt(1); // AUTH_SYS
    d.writeInt(20);
    d.writeInt(0); // stamp
    d.writeInt(0); // machine name ""
    d.writeInt(0); // uid
    d.writeInt(0); // gid
    d.writeInt(0); // no groups
    d.writeInt(0);
    d.writeInt(0); // AUTH_NONE verifier
    d.write(args);
    return b.toByteArray();
  }

  static void sendRecord(OutputStream out, byte[] record) throws IOException {
    // One write per record, so Nagle's algorithm never holds back the body.
    ByteBuffer b = ByteBuffer.allocate(4 + record.length);
    b.putInt(0x8000_0000 | record.length).put(record);
    out.write(b.array());
    out.flush();
  }

  /** The accept_stat of the reply to the record, or -1 if the server closed the connection. */
  static int acceptStatus(Socket s) throws IOException {
    DataInputStream in = new DataInputStream(s.getInputStream());
    try {
      int len = in.readInt() & 0x7fff_ffff;
      byte[] reply = in.readNBytes(len);
      ByteBuffer r = ByteBuffer.wrap(reply);
      r.getInt(); // xid
      r.getInt(); // REPLY
      if (r.getInt() != 0) {
        return 100 + r.getInt(); // MSG_DENIED: 100 + reject_stat
      }
      r.getInt();
      int verfLen = r.getInt();
      r.position(r.position() + verfLen);
      return r.getInt();
    } catch (java.io.EOFException | java.net.SocketException e) {
      return -1;
    }
  }

  byte[] validArgs(int proc) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(b);
    d.writeInt(root.length);
    d.write(root);
    switch (proc) {
      case 3, 8, 9, 12, 13 -> {
        d.writeInt(4);
        d.writeBytes("name");
        if (proc == 8) {
          d.writeInt(1);
          d.write(new byte[24]);
        }
        if (proc == 9) {
          d.write(new byte[24]);
        }
      }
      case 6, 21 -> {
        d.writeLong(0);
        d.writeInt(100);
      }
      case 7 -> {
        d.writeLong(0);
        d.writeInt(4);
        d.writeInt(0);
        d.writeInt(4);
        d.writeInt(0x41424344);
      }
      case 16, 17 -> {
        d.writeLong(0);
        d.writeLong(0);
        d.writeInt(4096);
        if (proc == 17) {
          d.writeInt(4096);
        }
      }
      default -> {}
    }
    return b.toByteArray();
  }

  void assertServerAlive() throws IOException {
    try (NfsTestClient c = nfs.client(0, 0)) {
      assertThat(new Nfs3Calls(c).getattr(root).status()).isZero();
    }
  }

  @Test
  void truncatedArgumentsOfEveryProcedureAreGarbage() throws Exception {
    int port = nfs.server().ports().get("nfs");
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(10_000);
      s.setTcpNoDelay(true);
      int xid = 1;
      for (int proc = 1; proc <= 21; proc++) {
        byte[] args = validArgs(proc);
        for (int cut : new int[] {0, 3, 4, 17, args.length - 1}) {
          if (cut < 0 || cut >= args.length) {
            continue;
          }
          sendRecord(s.getOutputStream(), call(xid++, 100_003, 3, proc, Arrays.copyOf(args, cut)));
          int status = acceptStatus(s);
          assertThat(status).as("proc %d cut at %d", proc, cut).isIn(GARBAGE_ARGS, 0);
        }
      }
    }
    assertServerAlive();
  }

  @Test
  void randomRecordsToEveryProgramNeverKillTheServer() throws Exception {
    Random random = new Random(42);
    int[][] targets = {
      {nfs.server().ports().get("nfs"), 100_003, 3},
      {nfs.server().ports().get("nfs"), 100_005, 3},
      {nfs.server().ports().get("nlm"), 100_021, 4},
      {nfs.server().ports().get("nlm"), 100_024, 1},
      {nfs.server().ports().get("portmap"), 100_000, 2},
      {nfs.server().ports().get("portmap"), 100_000, 4},
    };
    for (int[] t : targets) {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), t[0])) {
        s.setSoTimeout(10_000);
        s.setTcpNoDelay(true);
        for (int i = 0; i < 200; i++) {
          byte[] args = new byte[random.nextInt(200)];
          random.nextBytes(args);
          sendRecord(s.getOutputStream(), call(i, t[1], t[2], random.nextInt(25), args));
          int status = acceptStatus(s);
          assertThat(status).isBetween(-1, 120);
          if (status == -1) {
            break;
          }
        }
      }
    }
    assertServerAlive();
  }

  @Test
  void pureNoiseAndLyingRecordHeadersOnlyCostTheirConnection() throws Exception {
    Random random = new Random(7);
    int port = nfs.server().ports().get("nfs");
    for (int i = 0; i < 8; i++) {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        s.setSoTimeout(300);
        byte[] noise = new byte[1 + random.nextInt(4096)];
        random.nextBytes(noise);
        s.getOutputStream().write(noise);
        s.getOutputStream().flush();
        drainOrTimeout(s.getInputStream());
      }
    }
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      // Claims a 1 GiB record, sends a little of it, and goes away.
      DataOutputStream d = new DataOutputStream(s.getOutputStream());
      d.writeInt(0x8000_0000 | (1 << 30));
      d.write(new byte[1000]);
      d.flush();
    }
    assertServerAlive();
  }

  @Test
  void anOversizedRecordIsAnsweredOrDroppedAndTheServerStaysUp() throws Exception {
    int port = nfs.server().ports().get("nfs");
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(30_000);
      byte[] huge = new byte[16 << 20];
      new Random(9).nextBytes(huge);
      byte[] record = call(1, 100_003, 3, 7, huge);
      sendRecord(s.getOutputStream(), record);
      assertThat(acceptStatus(s)).isIn(-1, 0, GARBAGE_ARGS);
    }
    assertServerAlive();
  }

  @Test
  void garbageDatagramsAreIgnoredOrAnswered() throws Exception {
    Random random = new Random(11);
    int port = nfs.server().ports().get("nfs");
    try (DatagramSocket udp = new DatagramSocket()) {
      udp.setSoTimeout(200);
      for (int i = 0; i < 200; i++) {
        byte[] noise = new byte[random.nextInt(1500)];
        random.nextBytes(noise);
        if (i % 2 == 0 && noise.length > 200) {
          byte[] c = call(i, 100_003, 3, random.nextInt(22), Arrays.copyOf(noise, 100));
          System.arraycopy(c, 0, noise, 0, c.length);
        }
        udp.send(new DatagramPacket(noise, noise.length, InetAddress.getLoopbackAddress(), port));
      }
      byte[] nullCall = call(99_999, 100_003, 3, 0, new byte[0]);
      udp.send(
          new DatagramPacket(nullCall, nullCall.length, InetAddress.getLoopbackAddress(), port));
      boolean answered = false;
      byte[] buf = new byte[65_536];
      for (int i = 0; i < 400 && !answered; i++) {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
          udp.receive(p);
          answered = ByteBuffer.wrap(buf).getInt() == 99_999;
        } catch (SocketTimeoutException e) {
          udp.send(
              new DatagramPacket(
                  nullCall, nullCall.length, InetAddress.getLoopbackAddress(), port));
        }
      }
      assertThat(answered).as("NULL over UDP after the noise").isTrue();
    }
    assertServerAlive();
  }

  private static void drainOrTimeout(InputStream in) throws IOException {
    byte[] buf = new byte[8192];
    try {
      while (in.read(buf) >= 0) {
        // The server may answer some of it; keep reading until it closes or goes quiet.
      }
    } catch (SocketTimeoutException | java.net.SocketException quiet) {
      // Nothing more.
    }
  }
}
