package dev.kiln.smb.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Truncated, random and corrupted PDUs: a FAULT or nothing, never an exception. */
class MalformedPduTest {

  private static SrvsvcPipe pipe() {
    return new SrvsvcPipe(() -> List.of(new ShareCatalog.ShareInfo("data", 0, "x")), "KILN");
  }

  @Test
  void truncatedPdusWaitForMoreAndNeverThrow() {
    byte[] bind = RpcTestClient.srvsvcBind(1, 4280);
    for (int len = 0; len < bind.length; len++) {
      SrvsvcPipe p = pipe();
      p.write(java.util.Arrays.copyOf(bind, len));
      assertThat(p.available()).isZero();
    }
  }

  @Test
  void pdusWhoseLengthFieldLiesAreAnsweredWithAFault() {
    byte[] bind = RpcTestClient.srvsvcBind(1, 4280);
    for (int claimed = 16; claimed < bind.length; claimed++) {
      SrvsvcPipe p = pipe();
      byte[] cut = java.util.Arrays.copyOf(bind, claimed);
      cut[8] = (byte) claimed;
      p.write(cut);
      List<RpcTestClient.Pdu> out = RpcTestClient.drain(p, 4096);
      assertThat(out).hasSize(1);
      assertThat(out.getFirst().type()).isIn(3, 12);
    }
  }

  @Test
  void garbageHeadersAreAProtocolErrorFault() {
    SrvsvcPipe p = pipe();
    byte[] bad = RpcTestClient.srvsvcBind(1, 4280);
    bad[4] = 0; // big-endian data representation
    p.write(bad);
    assertThat(RpcTestClient.faultStatus(RpcTestClient.drain(p, 4096).getFirst()))
        .isEqualTo(0x1c01000b);
    // The pipe still works afterwards.
    p.write(RpcTestClient.srvsvcBind(2, 4280));
    assertThat(RpcTestClient.drain(p, 4096).getFirst().type()).isEqualTo(12);
  }

  @Test
  void randomBytesNeverThrow() {
    Random r = new Random(11);
    for (int i = 0; i < 5000; i++) {
      SrvsvcPipe p = pipe();
      p.write(RpcTestClient.srvsvcBind(1, 4280));
      p.read(4096);
      byte[] junk = new byte[r.nextInt(400)];
      r.nextBytes(junk);
      if (junk.length >= 16 && i % 2 == 0) {
        junk[0] = 5;
        junk[1] = 0;
        junk[2] = (byte) (i % 4 == 0 ? 0 : 11);
        junk[4] = 0x10;
        junk[8] = (byte) junk.length;
        junk[9] = (byte) (junk.length >> 8);
      }
      p.write(junk);
      int before = p.available();
      byte[] outBytes = p.read(1 << 20);
      assertThat(outBytes).hasSize(before);
    }
  }

  @Test
  void corruptedRequestsFaultOrAnswer() {
    Random r = new Random(5);
    byte[] stub =
        new Stub.Out().u32(0).u32(1).u32(1).u32(0x20000).u32(0).u32(0).u32(-1).u32(0).bytes();
    for (int i = 0; i < 3000; i++) {
      SrvsvcPipe p = pipe();
      p.write(RpcTestClient.srvsvcBind(1, 4280));
      p.read(4096);
      byte[] req = RpcTestClient.request(2, 0, 15, stub, 4000);
      for (int f = 0; f < 3; f++) {
        int at = 16 + r.nextInt(req.length - 16);
        req[at] ^= (byte) (1 << r.nextInt(8));
      }
      p.write(req);
      for (RpcTestClient.Pdu pdu : RpcTestClient.drain(p, 4096)) {
        assertThat(pdu.type()).isIn(2, 3);
      }
    }
  }

  @Test
  void randomStubsForEveryOperationFaultOrAnswer() {
    Random r = new Random(8);
    int answered = 0;
    for (int i = 0; i < 6000; i++) {
      SrvsvcPipe p = pipe();
      p.write(RpcTestClient.srvsvcBind(1, 4280));
      p.read(4096);
      byte[] stub = new byte[r.nextInt(120)];
      r.nextBytes(stub);
      // Small string lengths now and then, so the decoders get past the first field.
      if (stub.length > 16 && r.nextBoolean()) {
        stub[0] = 0;
        stub[1] = 0;
        stub[2] = 0;
        stub[3] = 0;
        stub[4] = 3;
        stub[5] = 0;
        stub[6] = 0;
        stub[7] = 0;
        stub[8] = 0;
        stub[9] = 0;
        stub[10] = 0;
        stub[11] = 0;
        stub[12] = 3;
        stub[13] = 0;
        stub[14] = 0;
        stub[15] = 0;
      }
      int opnum = new int[] {15, 16, 21}[i % 3];
      p.write(RpcTestClient.request(2, 0, opnum, stub, 1 + r.nextInt(200)));
      for (RpcTestClient.Pdu pdu : RpcTestClient.drain(p, 4096)) {
        assertThat(pdu.type()).isIn(2, 3);
        if (pdu.type() == 2) {
          answered++;
        }
      }
    }
    assertThat(answered).isPositive();
  }
}
