package dev.kiln.iscsi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.iscsi.target.ChapCredentials;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CHAP, mutual CHAP (RFC 7143 §12.1.3) and initiator ACLs against libiscsi: the right secrets log
 * in, a wrong secret, missing credentials, a wrong target secret or an initiator not on the list do
 * not.
 */
class ChapAndAclIT {

  private static final String ALLOWED = "iqn.2026-12.dev.kiln:allowed";

  @TempDir Path work;

  private PeerTools.Result inq(MemoryTarget t, String credentials, String query, String initiator)
      throws Exception {
    String url =
        "iscsi://" + credentials + "127.0.0.1:" + t.port() + "/" + MemoryTarget.IQN + "/0" + query;
    return PeerTools.run(60, work, "iscsi-inq", "-i", initiator, url);
  }

  @Test
  void chapAndMutualChap() throws Exception {
    PeerTools.require("iscsi-inq", "libiscsi-bin");
    ChapCredentials chap =
        new ChapCredentials("kilnuser", "initiator-secret-1", "kilntarget", "target-secret-22");
    try (MemoryTarget t = new MemoryTarget(2048, chap, Set.of())) {
      String mutual = "?target_user=kilntarget&target_password=target-secret-22";
      PeerTools.Result ok = inq(t, "kilnuser%initiator-secret-1@", mutual, ALLOWED);
      assertThat(ok.exitCode()).as(ok.output()).isZero();
      assertThat(ok.output()).contains("Vendor:KILN");

      PeerTools.Result wrong = inq(t, "kilnuser%not-the-secret-1@", mutual, ALLOWED);
      assertThat(wrong.exitCode()).as(wrong.output()).isNotZero();
      PeerTools.Result none = inq(t, "", "", ALLOWED);
      assertThat(none.exitCode()).as(none.output()).isNotZero();
      // The initiator refuses a target that cannot prove the mutual secret it expects.
      PeerTools.Result badTarget =
          inq(
              t,
              "kilnuser%initiator-secret-1@",
              "?target_user=kilntarget&target_password=some-other-secret",
              ALLOWED);
      assertThat(badTarget.exitCode()).as(badTarget.output()).isNotZero();
    }
  }

  @Test
  void oneWayChap() throws Exception {
    PeerTools.require("iscsi-inq", "libiscsi-bin");
    ChapCredentials chap = new ChapCredentials("kilnuser", "initiator-secret-1", null, null);
    try (MemoryTarget t = new MemoryTarget(2048, chap, Set.of())) {
      PeerTools.Result ok = inq(t, "kilnuser%initiator-secret-1@", "", ALLOWED);
      assertThat(ok.exitCode()).as(ok.output()).isZero();
      PeerTools.Result wrongUser = inq(t, "someone%initiator-secret-1@", "", ALLOWED);
      assertThat(wrongUser.exitCode()).as(wrongUser.output()).isNotZero();
    }
  }

  @Test
  void initiatorAcl() throws Exception {
    PeerTools.require("iscsi-inq", "libiscsi-bin");
    try (MemoryTarget t = new MemoryTarget(2048, null, Set.of(ALLOWED))) {
      PeerTools.Result ok = inq(t, "", "", ALLOWED);
      assertThat(ok.exitCode()).as(ok.output()).isZero();
      PeerTools.Result denied = inq(t, "", "", "iqn.2026-12.dev.kiln:stranger");
      assertThat(denied.exitCode()).as(denied.output()).isNotZero();
      // Discovery does not reveal the target to a stranger either.
      PeerTools.Result ls =
          PeerTools.run(
              60,
              work,
              "iscsi-ls",
              "-i",
              "iqn.2026-12.dev.kiln:stranger",
              "iscsi://127.0.0.1:" + t.port() + "/");
      assertThat(ls.output()).doesNotContain(MemoryTarget.IQN);
    }
  }
}
