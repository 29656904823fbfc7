package dev.kiln.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.cli.state.RuntimeState;
import dev.kiln.testkit.InteropPeers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Samba's smbtorture (Debian package samba-testsuite) against {@code kiln serve}: the smb2 suites
 * and tests Kiln claims to pass, run in one smbtorture invocation; any failure or error fails the
 * test. Suites not listed here have known failures (see the SMB section of the README).
 */
class SmbTortureIT {

  /** Whole suites that pass, then single tests of suites that do not pass whole. */
  static final List<String> CLAIMED =
      List.of(
          "smb2.connect",
          "smb2.read",
          "smb2.rw",
          "smb2.credits",
          "smb2.maxfid",
          "smb2.rename",
          "smb2.sharemode",
          "smb2.setinfo",
          "smb2.timestamps",
          "smb2.getinfo.complex",
          "smb2.getinfo.getinfo_access",
          "smb2.getinfo.fsinfo",
          "smb2.getinfo.qfs_buffercheck",
          "smb2.getinfo.qfile_buffercheck",
          "smb2.getinfo.qsec_buffercheck",
          "smb2.getinfo.granted",
          "smb2.dir",
          "smb2.lock.rw-shared",
          "smb2.lock.rw-exclusive",
          "smb2.lock.auto-unlock",
          "smb2.lock.async",
          "smb2.lock.cancel-tdis",
          "smb2.lock.cancel-logoff",
          "smb2.lock.zerobyteread",
          "smb2.lock.contend",
          "smb2.lock.context",
          "smb2.lock.range",
          "smb2.lock.overlap",
          "smb2.lock.truncate",
          "smb2.lock.valid-request",
          "smb2.lock.lock",
          "smb2.lock.cancel",
          "smb2.lock.errorcode",
          "smb2.lock.zerobytelength",
          "smb2.lock.unlock",
          "smb2.lock.multiple-unlock",
          "smb2.lock.stacking",
          "smb2.lock.replay_smb3_specification_durable",
          "smb2.create.open",
          "smb2.create.brlocked",
          "smb2.create.multi",
          "smb2.create.delete",
          "smb2.create.leading-slash",
          "smb2.create.impersonation",
          "smb2.create.dir-alloc-size",
          "smb2.create.blob",
          "smb2.create.dosattr_tmp_dir",
          "smb2.create.aclfile",
          "smb2.create.acldir",
          "smb2.create.nulldacl",
          "smb2.ioctl.shadow_copy",
          "smb2.ioctl.req_resume_key",
          "smb2.ioctl.req_two_resume_keys",
          "smb2.ioctl.copy_chunk_simple",
          "smb2.ioctl.copy_chunk_multi",
          "smb2.ioctl.copy_chunk_tiny",
          "smb2.ioctl.copy_chunk_overwrite",
          "smb2.ioctl.copy_chunk_append",
          "smb2.ioctl.copy_chunk_limits",
          "smb2.ioctl.copy_chunk_src_lock",
          "smb2.ioctl.copy_chunk_dest_lock",
          "smb2.ioctl.copy_chunk_bad_key",
          "smb2.ioctl.copy_chunk_src_is_dest",
          "smb2.ioctl.copy_chunk_src_is_dest_overlap",
          "smb2.ioctl.copy_chunk_bad_access",
          "smb2.ioctl.copy_chunk_write_access",
          "smb2.ioctl.copy_chunk_src_exceed",
          "smb2.ioctl.copy_chunk_src_exceed_multi",
          "smb2.ioctl.copy_chunk_sparse_dest",
          "smb2.ioctl.copy_chunk_max_output_sz",
          "smb2.ioctl.copy_chunk_zero_length",
          "smb2.ioctl.copy-chunk streams",
          "smb2.ioctl.copy_chunk_across_shares",
          "smb2.ioctl.copy_chunk_across_shares2",
          "smb2.ioctl.copy_chunk_across_shares3",
          "smb2.ioctl.compress_notsup_get",
          "smb2.ioctl.compress_notsup_set",
          "smb2.ioctl.sparse_file_flag",
          "smb2.ioctl.sparse_file_attr",
          "smb2.ioctl.sparse_set_nobuf",
          "smb2.ioctl.sparse_set_oversize",
          "smb2.ioctl.sparse_qar",
          "smb2.ioctl.sparse_qar_malformed",
          "smb2.ioctl.sparse_hole_dealloc",
          "smb2.ioctl.sparse_punch_invalid",
          "smb2.ioctl.sparse_qar_multi",
          "smb2.ioctl.sparse_qar_overflow",
          "smb2.ioctl.sparse_dir_flag",
          "smb2.ioctl.sparse_perms",
          "smb2.ioctl.sparse_lock",
          "smb2.compound.related1",
          "smb2.compound.related2",
          "smb2.compound.related3",
          "smb2.compound.related4",
          "smb2.compound.related5",
          "smb2.compound.related6",
          "smb2.compound.related7",
          "smb2.compound.related8",
          "smb2.compound.unrelated1",
          "smb2.compound.invalid4",
          "smb2.compound.interim1",
          "smb2.compound.interim2",
          "smb2.compound.related9",
          "smb2.compound.invalid1",
          "smb2.compound.invalid2",
          "smb2.compound.invalid3",
          "smb2.compound.compound-padding",
          "smb2.compound.create-write-close",
          "smb2.delete-on-close-perms",
          "smb2.session.two_logoff",
          "smb2.oplock.exclusive1",
          "smb2.oplock.exclusive2",
          "smb2.oplock.exclusive3",
          "smb2.oplock.exclusive4",
          "smb2.oplock.exclusive5",
          "smb2.oplock.exclusive6",
          "smb2.oplock.exclusive9",
          "smb2.oplock.batch1",
          "smb2.oplock.batch2",
          "smb2.oplock.batch3",
          "smb2.oplock.batch4",
          "smb2.oplock.batch5",
          "smb2.oplock.batch6",
          "smb2.oplock.batch7",
          "smb2.oplock.batch8",
          "smb2.oplock.batch9",
          "smb2.oplock.batch9a",
          "smb2.oplock.batch10",
          "smb2.oplock.batch11",
          "smb2.oplock.batch12",
          "smb2.oplock.batch13",
          "smb2.oplock.batch14",
          "smb2.oplock.batch15",
          "smb2.oplock.batch16",
          "smb2.oplock.batch19",
          "smb2.oplock.batch20",
          "smb2.oplock.batch21",
          "smb2.oplock.batch23",
          "smb2.oplock.batch24",
          "smb2.oplock.batch25",
          "smb2.oplock.batch26",
          "smb2.oplock.stream1",
          "smb2.oplock.doc",
          "smb2.oplock.brl1",
          "smb2.oplock.brl2",
          "smb2.oplock.brl3",
          "smb2.oplock.levelii500",
          "smb2.oplock.levelii501",
          "smb2.oplock.levelii502",
          "smb2.oplock.statopen1",
          "smb2.lease.request",
          "smb2.lease.nobreakself",
          "smb2.lease.statopen",
          "smb2.lease.statopen2",
          "smb2.lease.statopen3",
          "smb2.lease.statopen4",
          "smb2.lease.upgrade",
          "smb2.lease.upgrade2",
          "smb2.lease.upgrade3",
          "smb2.lease.break",
          "smb2.lease.multibreak",
          "smb2.lease.breaking1",
          "smb2.lease.breaking2",
          "smb2.lease.breaking5",
          "smb2.lease.breaking6",
          "smb2.lease.lock1",
          "smb2.lease.complex1",
          "smb2.lease.v2_epoch1",
          "smb2.lease.v2_complex2",
          "smb2.lease.unlink",
          "smb2.lease.timeout-disconnect",
          "smb2.lease.duplicate_create",
          "smb2.lease.duplicate_open",
          "smb2.lease.v1_bug15148",
          "smb2.lease.v2_bug15148",
          "smb2.durable-open.open-oplock",
          "smb2.durable-open.open-lease",
          "smb2.durable-open.reopen1",
          "smb2.durable-open.reopen1a",
          "smb2.durable-open.reopen1a-lease",
          "smb2.durable-open.reopen2",
          "smb2.durable-open.reopen2-lease",
          "smb2.durable-open.reopen2-lease-v2",
          "smb2.durable-open.reopen2a",
          "smb2.durable-open.reopen3",
          "smb2.durable-open.reopen4",
          "smb2.durable-open.delete_on_close1",
          "smb2.durable-open.delete_on_close2",
          "smb2.durable-open.file-position",
          "smb2.durable-open.oplock",
          "smb2.durable-open.lease",
          "smb2.durable-open.lock-oplock",
          "smb2.durable-open.lock-lease",
          "smb2.durable-open.open2-lease",
          "smb2.durable-open.open2-oplock",
          "smb2.durable-open.read-only",
          "smb2.durable-open.stat-open",
          "smb2.durable-v2-open.create-blob",
          "smb2.durable-v2-open.open-oplock",
          "smb2.durable-v2-open.open-lease",
          "smb2.durable-v2-open.reopen1",
          "smb2.durable-v2-open.reopen1a",
          "smb2.durable-v2-open.reopen1a-lease",
          "smb2.durable-v2-open.reopen2",
          "smb2.durable-v2-open.reopen2b",
          "smb2.durable-v2-open.reopen2c",
          "smb2.durable-v2-open.reopen2-lease",
          "smb2.durable-v2-open.reopen2-lease-v2",
          "smb2.durable-v2-open.durable-v2-setinfo",
          "smb2.durable-v2-open.persistent-open-oplock",
          "smb2.durable-v2-open.persistent-open-lease",
          "smb2.session.reconnect1",
          "smb2.session.reauth1",
          "smb2.session.reauth2",
          "smb2.session.reauth3",
          "smb2.session.reauth4",
          "smb2.session.reconnect2",
          "smb2.session.bind_negative_smb202",
          "smb2.session.bind_negative_smb210s",
          "smb2.session.bind_negative_smb210d",
          "smb2.session.bind_negative_smb2to3s",
          "smb2.session.bind_negative_smb2to3d",
          "smb2.session.bind_negative_smb3to2s",
          "smb2.session.bind_negative_smb3to2d",
          "smb2.session.bind_negative_smb3to3s",
          "smb2.session.bind_negative_smb3to3d",
          "smb2.session.bind_negative_smb3encGtoCs",
          "smb2.session.bind_negative_smb3encGtoCd",
          "smb2.session.bind_negative_smb3signCtoGs",
          "smb2.session.bind_negative_smb3signCtoGd",
          "smb2.session.bind_negative_smb3signHtoGs",
          "smb2.session.bind_negative_smb3signHtoGd",
          "smb2.session.bind_negative_smb3signGtoCs",
          "smb2.session.bind_negative_smb3signGtoCd",
          "smb2.session.bind_negative_smb3signGtoHs",
          "smb2.session.bind_negative_smb3signGtoHd",
          "smb2.session.bind_negative_smb3sneGtoCs",
          "smb2.session.bind_negative_smb3sneGtoCd",
          "smb2.session.bind_negative_smb3sneGtoHs",
          "smb2.session.bind_negative_smb3sneGtoHd",
          "smb2.session.bind_negative_smb3sneCtoGs",
          "smb2.session.bind_negative_smb3sneCtoGd",
          "smb2.session.bind_negative_smb3sneHtoGs",
          "smb2.session.bind_negative_smb3sneHtoGd",
          "smb2.session.bind_negative_smb3signC30toGs",
          "smb2.session.bind_negative_smb3signC30toGd",
          "smb2.session.bind_negative_smb3signH2XtoGs",
          "smb2.session.bind_negative_smb3signH2XtoGd",
          "smb2.session.bind_negative_smb3signGtoC30s",
          "smb2.session.bind_negative_smb3signGtoC30d",
          "smb2.session.bind_negative_smb3signGtoH2Xs",
          "smb2.session.bind_negative_smb3signGtoH2Xd",
          "smb2.session.signing-hmac-sha-256",
          "smb2.session.ntlmssp_bug14932",
          "smb2.session.signing-aes-128-cmac",
          "smb2.session.signing-aes-128-gmac",
          "smb2.session.encryption-aes-128-ccm",
          "smb2.session.encryption-aes-128-gcm",
          "smb2.session.encryption-aes-256-ccm",
          "smb2.session.encryption-aes-256-gcm",
          "smb2.notify.tcon");

  static final String USER = "torture";
  static final String PASSWORD = "battery-staple-horse-42";

  @TempDir static Path dataDir;

  static KilnProcess daemon;
  static Map<String, String> env;
  static int port;

  static void kiln(String stdin, String... args) throws Exception {
    String[] full = new String[args.length + 2];
    System.arraycopy(args, 0, full, 0, args.length);
    full[args.length] = "--data-dir";
    full[args.length + 1] = dataDir.toString();
    KilnProcess p = KilnProcess.run(env, stdin, full);
    assertThat(p.process().exitValue()).as(p.output()).isZero();
  }

  @BeforeAll
  static void start() throws Exception {
    InteropPeers.require("smbtorture", "samba-testsuite");
    env = Map.of("KILN_CREDENTIALS", dataDir.resolve("cli-credentials.json").toString());
    daemon = KilnProcess.serve(dataDir, KilnProcess.EPHEMERAL_CONF + "pool.default.size = 4G\n");
    kiln(daemon.initialPassword() + "\n", "login", "--password-stdin");
    kiln(PASSWORD + "\n", "user", "create", USER, "--role", "*=admin");
    // A share for Windows clients: case-preserving and case-insensitive (ADR 012).
    kiln(
        null,
        "dataset",
        "create",
        "-o",
        "sharesmb=name=share",
        "-o",
        "casesensitivity=insensitive",
        "tank/share");
    port = RuntimeState.read(dataDir).bound().get("smb").get(1);
  }

  @AfterAll
  static void stop() {
    if (daemon != null) {
      daemon.close();
    }
  }

  @Test
  void claimedSmb2SuitesPassWithoutFailures() throws Exception {
    Path smbtorture = InteropPeers.require("smbtorture", "samba-testsuite");
    List<String> cmd = new ArrayList<>();
    cmd.addAll(
        List.of(
            smbtorture.toString(),
            "//127.0.0.1/share",
            "-p",
            Integer.toString(port),
            "-U",
            USER + "%" + PASSWORD));
    cmd.addAll(CLAIMED);
    Path out = dataDir.resolve("smbtorture.log");
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertThat(p.waitFor(15, TimeUnit.MINUTES)).as("smbtorture timed out").isTrue();
    List<String> lines = Files.readAllLines(out);
    List<String> failures =
        lines.stream().filter(l -> l.startsWith("failure:") || l.startsWith("error:")).toList();
    long tests = lines.stream().filter(l -> l.startsWith("test:")).count();
    long passed = lines.stream().filter(l -> l.startsWith("success:")).count();
    long skipped = lines.stream().filter(l -> l.startsWith("skip:")).count();
    String log = String.join("\n", lines);
    assertThat(failures).as(log).isEmpty();
    assertThat(p.exitValue()).as(log).isZero();
    assertThat(passed + skipped).as(log).isEqualTo(tests);
    assertThat(passed).as("tests run").isGreaterThanOrEqualTo(CLAIMED.size());
  }
}
