package dev.kiln.smb.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.api.fs.FileSystem;
import dev.kiln.engine.api.fs.SetAttributes;
import dev.kiln.engine.api.manage.DatasetProperties;
import dev.kiln.engine.api.manage.DatasetType;
import dev.kiln.engine.api.manage.EngineOptions;
import dev.kiln.engine.api.manage.PropertyMap;
import dev.kiln.engine.api.manage.StorageEngine;
import dev.kiln.engine.api.manage.StorageEngineProvider;
import dev.kiln.engine.api.manage.VdevSpec;
import dev.kiln.smb.SmbServer;
import dev.kiln.smb.auth.AuthExchange;
import dev.kiln.smb.auth.NtHash;
import dev.kiln.smb.auth.NtlmTargetNames;
import dev.kiln.smb.auth.SmbAccount;
import dev.kiln.smb.auth.SmbAccounts;
import dev.kiln.smb.auth.SpnegoAcceptor;
import dev.kiln.smb.crypto.KeyDerivingSessionCrypto;
import dev.kiln.smb.rpc.NamedPipe;
import dev.kiln.smb.rpc.ShareCatalog;
import dev.kiln.smb.rpc.SrvsvcPipe;
import dev.kiln.smb.share.EngineShareSource;
import dev.kiln.smb.state.SmbAuthenticator;
import dev.kiln.testkit.InteropPeers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * smbclient (Debian package smbclient) against the server with the real security layers: SPNEGO and
 * NTLMv2 from {@code auth} (mechListMIC included, since smbclient signs), signing and encryption
 * from {@code crypto} in every dialect, and the srvsvc pipe from {@code rpc}.
 */
class SecurityLayersSmbclientIT {

  @TempDir static Path dir;
  private static StorageEngine engine;
  private static SmbServer server;
  private static int port;
  private static final List<String> failures = new ArrayList<>();

  @BeforeAll
  static void start() throws IOException {
    engine =
        StorageEngineProvider.load()
            .open(new EngineOptions(Clock.systemUTC(), 64L << 20, Duration.ZERO));
    engine.createPool(
        "tank", List.of(new VdevSpec(dir.resolve("tank.img"), 256L << 20)), PropertyMap.empty());
    engine.createDataset(
        "tank/share",
        DatasetType.FILESYSTEM,
        PropertyMap.empty().with(DatasetProperties.SHARESMB, "name=share"));
    FileSystem fs = engine.dataset("tank/share").fileSystem();
    fs.setattr(fs.rootInode(), SetAttributes.none().withOwner(1000, 1000).withMode(0755));
    SmbAccounts accounts =
        new SmbAccounts() {
          @Override
          public Optional<SmbAccount> find(String user) {
            return user.equals("alice")
                ? Optional.of(
                    new SmbAccount(
                        "alice",
                        1000,
                        List.of(1000L),
                        NtHash.of("Secret-1".toCharArray()),
                        false,
                        false))
                : Optional.empty();
          }

          @Override
          public void failed(String user, String remote) {
            synchronized (failures) {
              failures.add(user);
            }
          }

          @Override
          public void succeeded(String user, String remote) {}
        };
    SpnegoAcceptor acceptor =
        new SpnegoAcceptor(
            accounts, NtlmTargetNames.forHost("kiln"), Clock.systemUTC(), new SecureRandom());
    ShareCatalog catalog =
        () ->
            List.of(
                new ShareCatalog.ShareInfo("share", 0, "Kiln share"),
                new ShareCatalog.ShareInfo("IPC$", 0x80000003, "IPC Service"));
    server =
        SmbServer.builder()
            .withBindAddress("127.0.0.1")
            .withPort(0)
            .withNetbiosPort(0)
            .withShares(new EngineShareSource(() -> engine, Clock.systemUTC(), Duration.ZERO))
            .withAuthenticator(
                new SmbAuthenticator() {
                  @Override
                  public byte[] negotiateToken() {
                    return acceptor.negotiateToken();
                  }

                  @Override
                  public AuthExchange begin(String remote) {
                    return acceptor.newExchange(remote);
                  }
                })
            .withCrypto(new KeyDerivingSessionCrypto())
            .withPipes(
                name ->
                    name.equalsIgnoreCase("srvsvc")
                        ? Optional.<NamedPipe>of(new SrvsvcPipe(catalog, "KILN"))
                        : Optional.empty())
            .start();
    port = server.ports().get("smb");
  }

  @AfterAll
  static void stop() throws IOException {
    server.close();
    engine.close();
  }

  private record Result(int exit, String output) {}

  private static Result smbclient(List<String> args) throws Exception {
    Path smbclient = InteropPeers.require("smbclient", "smbclient");
    Path conf = dir.resolve("client.conf");
    if (!Files.exists(conf)) {
      Files.writeString(conf, "[global]\n  client min protocol = SMB2_02\n");
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(smbclient.toString());
    cmd.add("--configfile=" + conf);
    cmd.add("-p");
    cmd.add(Integer.toString(port));
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }

  @ParameterizedTest
  @CsvSource({
    "SMB2_02, sign, ''",
    "SMB2_10, sign, ''",
    "SMB3_00, sign, ''",
    "SMB3_00, encrypt, ''",
    "SMB3_02, encrypt, ''",
    "SMB3_11, sign, ''",
    "SMB3_11, encrypt, AES-128-GCM",
    "SMB3_11, encrypt, AES-128-CCM",
    "SMB3_11, encrypt, AES-256-GCM",
    "SMB3_11, encrypt, AES-256-CCM",
    "SMB3_11, sign, AES-128-GMAC",
    "SMB3_11, sign, AES-128-CMAC",
  })
  void putAndGetWithSigningOrEncryption(String dialect, String protection, String algorithm)
      throws Exception {
    Path local = dir.resolve("up-" + dialect + protection + algorithm);
    byte[] data = new byte[300_000];
    new java.util.Random(dialect.hashCode()).nextBytes(data);
    Files.write(local, data);
    Path back = dir.resolve("down-" + dialect + protection + algorithm);
    List<String> args =
        new ArrayList<>(
            List.of(
                "//127.0.0.1/share",
                "-U",
                "alice%Secret-1",
                "-m",
                dialect,
                "--client-protection=" + protection));
    if (algorithm.endsWith("GMAC") || algorithm.endsWith("CMAC")) {
      args.add("--option=client smb3 signing algorithms=" + algorithm);
    } else if (!algorithm.isEmpty()) {
      args.add("--option=client smb3 encryption algorithms=" + algorithm);
    }
    String name = "f-" + dialect + "-" + protection + "-" + algorithm;
    args.add("-c");
    args.add("put " + local + " " + name + "; get " + name + " " + back + "; ls");
    Result r = smbclient(args);
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(Files.readAllBytes(back)).isEqualTo(data);
  }

  @Test
  void wrongPasswordIsALogonFailure() throws Exception {
    Result r = smbclient(List.of("//127.0.0.1/share", "-U", "alice%wrong", "-c", "ls"));
    assertThat(r.exit()).isNotZero();
    assertThat(r.output()).contains("NT_STATUS_LOGON_FAILURE");
    synchronized (failures) {
      assertThat(failures).contains("alice");
    }
  }

  @Test
  void listingSharesGoesThroughSrvsvc() throws Exception {
    Result r = smbclient(List.of("-L", "//127.0.0.1", "-U", "alice%Secret-1"));
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).contains("share").contains("Kiln share").contains("IPC$");
  }

  @Test
  void rpcclientEnumeratesAndDescribesShares() throws Exception {
    Path rpcclient = InteropPeers.require("rpcclient", "smbclient");
    List<String> cmd =
        List.of(
            rpcclient.toString(),
            "--configfile=" + dir.resolve("client.conf"),
            "-p",
            Integer.toString(port),
            "-U",
            "alice%Secret-1",
            "//127.0.0.1",
            "-c",
            "netshareenumall; netsharegetinfo share; srvinfo");
    if (!Files.exists(dir.resolve("client.conf"))) {
      Files.writeString(dir.resolve("client.conf"), "[global]\n  client min protocol = SMB2_02\n");
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out)
        .contains("netname: share")
        .contains("remark:\tKiln share")
        .contains("netname: IPC$")
        .contains("KILN")
        .doesNotContain("NT_STATUS")
        .doesNotContain("WERR");
  }

  @Test
  void anonymousLogonIsNegotiatedThroughNtlm() throws Exception {
    Result r = smbclient(List.of("-N", "-L", "//127.0.0.1"));
    // The NTLM exchange must complete as an anonymous logon; what the session may do is the
    // server's business (IPC$ for listing).
    assertThat(r.output()).doesNotContain("NT_STATUS_LOGON_FAILURE");
    assertThat(r.output()).doesNotContain("NT_STATUS_INVALID_PARAMETER");
    assertThat(r.exit()).as(r.output()).isZero();
  }
}
