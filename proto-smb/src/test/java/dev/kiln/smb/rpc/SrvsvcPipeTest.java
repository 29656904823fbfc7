package dev.kiln.smb.rpc;

import static dev.kiln.smb.rpc.RpcTestClient.drain;
import static dev.kiln.smb.rpc.RpcTestClient.faultStatus;
import static dev.kiln.smb.rpc.RpcTestClient.request;
import static dev.kiln.smb.rpc.RpcTestClient.responseStub;
import static dev.kiln.smb.rpc.RpcTestClient.srvsvcBind;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class SrvsvcPipeTest {

  private static final int DISK = 0;
  private static final int IPC = 0x80000003;

  private final List<ShareCatalog.ShareInfo> shares =
      new ArrayList<>(
          List.of(
              new ShareCatalog.ShareInfo("data", DISK, "Team data"),
              new ShareCatalog.ShareInfo("backup$", DISK, ""),
              new ShareCatalog.ShareInfo("IPC$", IPC, "IPC Service")));
  private final SrvsvcPipe pipe = new SrvsvcPipe(() -> shares, "KILN", "Kiln appliance");

  private void bound(int maxRecv) {
    pipe.write(srvsvcBind(1, maxRecv));
    assertThat(drain(pipe, 4096).getFirst().type()).isEqualTo(12);
  }

  @Test
  void bindAckIsByteExact() {
    pipe.write(srvsvcBind(1, 4280));
    byte[] ack = pipe.read(4096);
    String hex = HexFormat.of().formatHex(ack);
    assertThat(hex.substring(0, 40)).isEqualTo("05000c03100000004400000001000000b810b810");
    // assoc_group_id (bytes 20-23) is the server's choice when the client sends 0
    assertThat(hex.substring(40, 48)).isNotEqualTo("00000000");
    assertThat(hex.substring(48))
        .isEqualTo(
            "0d00"
                + "5c504950455c73727673766300"
                + "00"
                + "01000000"
                + "0000"
                + "0000"
                + RpcTestClient.NDR
                + "02000000");
    assertThat(pipe.available()).isZero();
  }

  @Test
  void otherSyntaxesAreRejectedInTheResultListAndFeaturesAcknowledged() {
    pipe.write(
        RpcTestClient.bind(
            11,
            7,
            4280,
            new Object[] {0, RpcTestClient.SRVSVC, 3, RpcTestClient.NDR64, 1},
            new Object[] {
              1,
              "78563412" + "0000000000000000000000000000".substring(0, 24),
              1,
              RpcTestClient.NDR,
              2
            },
            new Object[] {2, RpcTestClient.SRVSVC, 3, "2c1cb76c129840450300000000000000", 1},
            new Object[] {3, RpcTestClient.SRVSVC, 3, RpcTestClient.NDR, 2}));
    RpcTestClient.Pdu ack = drain(pipe, 4096).getFirst();
    assertThat(ack.type()).isEqualTo(12);
    assertThat(ack.callId()).isEqualTo(7);
    String body = HexFormat.of().formatHex(ack.body());
    int results = body.indexOf("04000000");
    String list = body.substring(results + 8);
    String zero = "00".repeat(20);
    assertThat(list)
        .isEqualTo(
            "0200"
                + "0200"
                + zero // NDR64: transfer syntaxes not supported
                + "0200"
                + "0100"
                + zero // unknown interface: abstract syntax not supported
                + "0300"
                + "0000"
                + zero // bind time feature negotiation: acknowledged
                + "0000"
                + "0000"
                + RpcTestClient.NDR
                + "02000000");
    // Context 0 (NDR64) was not bound: a call on it faults with nca_s_unknown_if.
    pipe.write(request(8, 0, 21, new Stub.Out().u32(0).u32(100).bytes(), 1000));
    assertThat(faultStatus(drain(pipe, 4096).getFirst())).isEqualTo(0x1c010003);
    pipe.write(request(9, 3, 21, new Stub.Out().u32(0).u32(100).bytes(), 1000));
    assertThat(drain(pipe, 4096).getFirst().type()).isEqualTo(2);
  }

  private static byte[] enumAll(int level, boolean resume) {
    Stub.Out o = new Stub.Out().u32(0x20000).str("\\\\kiln");
    o.u32(level).u32(level).u32(0x20004).u32(0).u32(0);
    o.u32(0xffffffffL);
    if (resume) {
      o.u32(0x20008).u32(0);
    } else {
      o.u32(0);
    }
    return o.bytes();
  }

  @Test
  void netrShareEnumAllLevelOneListsNamesTypesAndComments() {
    bound(4280);
    pipe.write(request(2, 0, 15, enumAll(1, true), 4000));
    Stub.In in = new Stub.In(responseStub(drain(pipe, 100), 4280));
    assertThat(in.u32()).isEqualTo(1);
    assertThat(in.u32()).isEqualTo(1);
    assertThat(in.u32()).isNotZero();
    assertThat(in.u32()).isEqualTo(3);
    assertThat(in.u32()).isNotZero();
    assertThat(in.u32()).isEqualTo(3);
    long[] types = new long[3];
    for (int i = 0; i < 3; i++) {
      assertThat(in.u32()).isNotZero();
      types[i] = in.u32();
      assertThat(in.u32()).isNotZero();
    }
    List<String> strings = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      strings.add(in.str());
    }
    assertThat(strings).containsExactly("data", "Team data", "backup$", "", "IPC$", "IPC Service");
    assertThat(types).containsExactly(0, 0, 0x80000003L);
    assertThat(in.u32()).isEqualTo(3); // TotalEntries
    assertThat(in.u32()).isNotZero(); // ResumeHandle pointer
    assertThat(in.u32()).isZero();
    assertThat(in.u32()).isZero(); // WERROR
    assertThat(in.remaining()).isZero();
  }

  @Test
  void netrShareEnumAllLevelZeroAndRefusedLevels() {
    bound(4280);
    pipe.write(request(2, 0, 15, enumAll(0, false), 4000));
    Stub.In in = new Stub.In(responseStub(drain(pipe, 4096), 4280));
    assertThat(in.u32()).isZero();
    assertThat(in.u32()).isZero();
    in.u32();
    assertThat(in.u32()).isEqualTo(3);
    in.u32();
    assertThat(in.u32()).isEqualTo(3);
    for (int i = 0; i < 3; i++) {
      assertThat(in.u32()).isNotZero();
    }
    assertThat(List.of(in.str(), in.str(), in.str())).containsExactly("data", "backup$", "IPC$");
    assertThat(in.u32()).isEqualTo(3);
    assertThat(in.u32()).isZero(); // no resume handle asked, none returned
    assertThat(in.u32()).isZero();

    pipe.write(request(3, 0, 15, enumAll(7, false), 4000));
    byte[] stub = responseStub(drain(pipe, 4096), 4280);
    assertThat(new Stub.In(java.util.Arrays.copyOfRange(stub, stub.length - 4, stub.length)).u32())
        .isEqualTo(124); // ERROR_INVALID_LEVEL
  }

  @Test
  void netrShareEnumAllLevel502HasNoPathsOrDescriptors() {
    bound(4280);
    pipe.write(request(2, 0, 15, enumAll(502, false), 4000));
    Stub.In in = new Stub.In(responseStub(drain(pipe, 4096), 4280));
    assertThat(List.of(in.u32(), in.u32())).containsExactly(502L, 502L);
    in.u32();
    assertThat(in.u32()).isEqualTo(3);
    in.u32();
    assertThat(in.u32()).isEqualTo(3);
    for (int i = 0; i < 3; i++) {
      assertThat(in.u32()).isNotZero(); // netname
      in.u32(); // type
      assertThat(in.u32()).isNotZero(); // remark
      // permissions, max_uses, current_uses, path, passwd, reserved, security descriptor
      assertThat(List.of(in.u32(), in.u32(), in.u32(), in.u32(), in.u32(), in.u32(), in.u32()))
          .containsExactly(0L, 0xffffffffL, 0L, 0L, 0L, 0L, 0L);
    }
    List<String> strings = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      strings.add(in.str());
    }
    assertThat(strings).containsExactly("data", "Team data", "backup$", "", "IPC$", "IPC Service");
    assertThat(List.of(in.u32(), in.u32(), in.u32())).containsExactly(3L, 0L, 0L);
    assertThat(in.remaining()).isZero();
  }

  @Test
  void netrShareEnumStickyLeavesOutHiddenSharesAndLevel501HasFlags() {
    bound(4280);
    pipe.write(request(2, 0, 36, enumAll(1, false), 4000));
    Stub.In sticky = new Stub.In(responseStub(drain(pipe, 4096), 4280));
    assertThat(List.of(sticky.u32(), sticky.u32())).containsExactly(1L, 1L);
    sticky.u32();
    assertThat(sticky.u32()).isEqualTo(1); // backup$ and IPC$ are not persistent shares
    sticky.u32();
    assertThat(sticky.u32()).isEqualTo(1);
    sticky.u32();
    sticky.u32();
    sticky.u32();
    assertThat(List.of(sticky.str(), sticky.str())).containsExactly("data", "Team data");
    pipe.write(request(3, 0, 36, enumAll(501, false), 4000));
    byte[] refused = responseStub(drain(pipe, 4096), 4280);
    assertThat(
            new Stub.In(java.util.Arrays.copyOfRange(refused, refused.length - 4, refused.length))
                .u32())
        .isEqualTo(124);

    pipe.write(request(4, 0, 15, enumAll(501, false), 4000));
    Stub.In in = new Stub.In(responseStub(drain(pipe, 4096), 4280));
    assertThat(List.of(in.u32(), in.u32())).containsExactly(501L, 501L);
    in.u32();
    assertThat(in.u32()).isEqualTo(3);
    in.u32();
    assertThat(in.u32()).isEqualTo(3);
    for (int i = 0; i < 3; i++) {
      assertThat(in.u32()).isNotZero();
      in.u32();
      assertThat(in.u32()).isNotZero();
      assertThat(in.u32()).isZero(); // shi501_flags
    }
    List<String> strings = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      strings.add(in.str());
    }
    assertThat(strings).containsExactly("data", "Team data", "backup$", "", "IPC$", "IPC Service");
  }

  @Test
  void unprivilegedCallersAreDeniedLevelsTwoAnd502() {
    SrvsvcPipe anonymous = new SrvsvcPipe(() -> shares, "KILN", "Kiln", false);
    anonymous.write(srvsvcBind(1, 4280));
    drain(anonymous, 4096);
    for (int level : new int[] {2, 502}) {
      anonymous.write(request(2, 0, 15, enumAll(level, false), 4000));
      byte[] e = responseStub(drain(anonymous, 4096), 4280);
      assertThat(new Stub.In(java.util.Arrays.copyOfRange(e, e.length - 4, e.length)).u32())
          .isEqualTo(5);
      anonymous.write(
          request(3, 0, 16, new Stub.Out().u32(0).str("data").u32(level).bytes(), 4000));
      Stub.In g = new Stub.In(responseStub(drain(anonymous, 4096), 4280));
      assertThat(List.of(g.u32(), g.u32(), g.u32())).containsExactly((long) level, 0L, 5L);
    }
    anonymous.write(request(4, 0, 15, enumAll(1, false), 4000));
    Stub.In ok = new Stub.In(responseStub(drain(anonymous, 4096), 4280));
    assertThat(ok.u32()).isEqualTo(1);
  }

  private byte[] getInfo(String share, int level) {
    pipe.write(request(4, 0, 16, new Stub.Out().u32(0).str(share).u32(level).bytes(), 4000));
    return responseStub(drain(pipe, 4096), 4280);
  }

  @Test
  void netrShareGetInfoLevels() {
    bound(4280);
    Stub.In l1 = new Stub.In(getInfo("DATA", 1));
    assertThat(l1.u32()).isEqualTo(1);
    assertThat(l1.u32()).isNotZero();
    assertThat(l1.u32()).isNotZero();
    assertThat(l1.u32()).isZero();
    assertThat(l1.u32()).isNotZero();
    assertThat(List.of(l1.str(), l1.str())).containsExactly("data", "Team data");
    assertThat(l1.u32()).isZero();

    Stub.In l2 = new Stub.In(getInfo("IPC$", 2));
    assertThat(l2.u32()).isEqualTo(2);
    l2.u32();
    l2.u32();
    assertThat(l2.u32()).isEqualTo(0x80000003L);
    l2.u32();
    assertThat(List.of(l2.u32(), l2.u32(), l2.u32(), l2.u32(), l2.u32()))
        .containsExactly(0L, 0xffffffffL, 0L, 0L, 0L);
    assertThat(List.of(l2.str(), l2.str())).containsExactly("IPC$", "IPC Service");
    assertThat(l2.u32()).isZero();

    Stub.In l0 = new Stub.In(getInfo("data", 0));
    assertThat(l0.u32()).isZero();
    l0.u32();
    l0.u32();
    assertThat(l0.str()).isEqualTo("data");
    assertThat(l0.u32()).isZero();

    Stub.In l1005 = new Stub.In(getInfo("data", 1005));
    assertThat(List.of(l1005.u32())).containsExactly(1005L);
    l1005.u32();
    assertThat(List.of(l1005.u32(), l1005.u32())).containsExactly(0L, 0L);

    Stub.In l1004 = new Stub.In(getInfo("data", 1004));
    assertThat(l1004.u32()).isEqualTo(1004);
    l1004.u32();
    assertThat(l1004.u32()).isNotZero();
    assertThat(l1004.str()).isEqualTo("Team data");
    assertThat(l1004.u32()).isZero();

    Stub.In l1501 = new Stub.In(getInfo("data", 1501));
    assertThat(List.of(l1501.u32())).containsExactly(1501L);
    l1501.u32();
    assertThat(List.of(l1501.u32(), l1501.u32(), l1501.u32())).containsExactly(0L, 0L, 0L);

    Stub.In missing = new Stub.In(getInfo("nope", 1));
    assertThat(List.of(missing.u32(), missing.u32(), missing.u32()))
        .containsExactly(1L, 0L, 0x906L);
    Stub.In badLevel = new Stub.In(getInfo("data", 7));
    assertThat(List.of(badLevel.u32(), badLevel.u32(), badLevel.u32()))
        .containsExactly(7L, 0L, 124L);
  }

  @Test
  void netrServerGetInfo() {
    bound(4280);
    pipe.write(request(5, 0, 21, new Stub.Out().u32(0x20000).str("kiln").u32(101).bytes(), 99));
    Stub.In in = new Stub.In(responseStub(drain(pipe, 4096), 4280));
    assertThat(in.u32()).isEqualTo(101);
    in.u32();
    assertThat(in.u32()).isEqualTo(500);
    in.u32();
    assertThat(List.of(in.u32(), in.u32(), in.u32())).containsExactly(6L, 1L, 0x9003L);
    in.u32();
    assertThat(List.of(in.str(), in.str())).containsExactly("KILN", "Kiln appliance");
    assertThat(in.u32()).isZero();
    assertThat(in.remaining()).isZero();
  }

  @Test
  void unknownOpnumFaultsWithOpRangeError() {
    bound(4280);
    pipe.write(request(6, 0, 99, new byte[8], 100));
    RpcTestClient.Pdu fault = drain(pipe, 4096).getFirst();
    assertThat(faultStatus(fault)).isEqualTo(0x1c010002);
    assertThat(fault.callId()).isEqualTo(6);
    assertThat(fault.flags() & 0x20).isEqualTo(0x20);
  }

  @Test
  void fragmentedRequestsAndResponses() {
    for (int i = 0; i < 200; i++) {
      shares.add(new ShareCatalog.ShareInfo("share" + i, DISK, "comment number " + i));
    }
    bound(1432);
    byte[] stub = enumAll(1, true);
    // A request in 8-byte fragments, written one byte at a time.
    byte[] frags = request(2, 0, 15, stub, 8);
    for (byte b : frags) {
      pipe.write(new byte[] {b});
    }
    List<RpcTestClient.Pdu> pdus = drain(pipe, 1000);
    assertThat(pdus.size()).isGreaterThan(5);
    Stub.In in = new Stub.In(responseStub(pdus, 1432));
    in.u32();
    in.u32();
    in.u32();
    assertThat(in.u32()).isEqualTo(203);
  }

  @Test
  void requestWithoutBindFaults() {
    pipe.write(request(3, 0, 15, enumAll(1, false), 4000));
    assertThat(faultStatus(drain(pipe, 4096).getFirst())).isEqualTo(0x1c010003);
  }

  @Test
  void badStubDataFaults() {
    bound(4280);
    pipe.write(request(3, 0, 16, new byte[] {0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 0, 0}, 100));
    assertThat(faultStatus(drain(pipe, 4096).getFirst())).isEqualTo(0x6f7);
  }
}
