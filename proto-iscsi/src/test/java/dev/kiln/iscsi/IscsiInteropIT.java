package dev.kiln.iscsi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The target against independent initiators: libiscsi's tools and conformance suite, and qemu's
 * iSCSI block driver. Volumes are in memory here; the daemon's tests run the same peers over engine
 * volumes.
 */
class IscsiInteropIT {

  private static MemoryTarget target;

  @TempDir static Path work;

  @BeforeAll
  static void start() throws Exception {
    target = new MemoryTarget(262144, null, Set.of());
  }

  @AfterAll
  static void stop() throws Exception {
    target.close();
  }

  @Test
  void discoveryListsTheTargetAndItsLuns() throws Exception {
    PeerTools.require("iscsi-ls", "libiscsi-bin");
    PeerTools.Result r =
        PeerTools.run(60, work, "iscsi-ls", "-s", "iscsi://127.0.0.1:" + target.port() + "/");
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output())
        .contains("Target:" + MemoryTarget.IQN + " Portal:127.0.0.1:" + target.port() + ",1")
        .contains("Lun:0    Type:DIRECT_ACCESS (Size:127M)")
        .contains("Lun:1    Type:DIRECT_ACCESS (Size:127M)");
  }

  @Test
  void inquiryAndCapacity() throws Exception {
    PeerTools.require("iscsi-inq", "libiscsi-bin");
    PeerTools.Result inq = PeerTools.run(60, work, "iscsi-inq", target.url(0));
    assertThat(inq.exitCode()).as(inq.output()).isZero();
    assertThat(inq.output()).contains("Vendor:KILN").contains("Product:VOLUME");
    PeerTools.Result serial =
        PeerTools.run(60, work, "iscsi-inq", "-e", "1", "-c", "128", target.url(0));
    assertThat(serial.output()).contains("kilntest0");
    PeerTools.Result cap = PeerTools.run(60, work, "iscsi-readcapacity16", target.url(0));
    assertThat(cap.exitCode()).as(cap.output()).isZero();
    assertThat(cap.output())
        .contains("RETURNED LOGICAL BLOCK ADDRESS:262143")
        .contains("LOGICAL BLOCK LENGTH IN BYTES:512")
        .contains("Total size:134217728");
  }

  @Test
  void qemuPatternWriteAndRead() throws Exception {
    PeerTools.require("qemu-io", "qemu-utils");
    PeerTools.Result r =
        PeerTools.run(
            120,
            work,
            "qemu-io",
            "-f",
            "raw",
            "-c",
            "write -P 0xab 0 1M",
            "-c",
            "read -P 0xab 0 1M",
            "-c",
            "write -P 0x5c 3M 5M",
            "-c",
            "read -P 0x5c 3M 5M",
            "-c",
            "read -P 0xab 0 1M",
            target.url(1));
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output())
        .doesNotContain("Pattern verification failed")
        .contains("read 5242880/5242880");
  }

  @Test
  void conformanceSuiteHasNoFailures() throws Exception {
    PeerTools.require("iscsi-test-cu", "libiscsi-bin");
    PeerTools.Result r =
        PeerTools.run(
            300,
            work,
            "iscsi-test-cu",
            "-t",
            "ALL",
            "--dataloss",
            "-i",
            "iqn.2026-12.dev.kiln:interop-initiator",
            target.url(0));
    CuSummary s = CuSummary.parse(r.output());
    assertThat(s.ran()).as(r.output()).isGreaterThanOrEqualTo(230);
    assertThat(s.failed()).as(r.output()).isZero();
    assertThat(s.passed()).isEqualTo(s.ran());
    // The persistent reservation families run for real (not skipped).
    for (String suite :
        new String[] {"ProutRegister", "ProutReserve", "ProutClear", "ProutPreempt"}) {
      int[] counts = s.perSuite().get(suite);
      assertThat(counts).as(suite).isNotNull();
      assertThat(counts[0]).as(suite + " passed").isPositive();
      assertThat(counts[2]).as(suite + " skipped").isZero();
    }
    Map<String, int[]> suites = s.perSuite();
    assertThat(suites).containsKeys("iSCSITMF", "iSCSIcmdsn", "iSCSIResiduals", "CompareAndWrite");
  }
}
