package dev.kiln.ssh;

import dev.kiln.common.lifecycle.Health;
import dev.kiln.common.lifecycle.ManagedService;
import dev.kiln.engine.api.manage.StorageEngine;
import dev.kiln.ssh.auth.HostKeys;
import dev.kiln.ssh.auth.SshUser;
import dev.kiln.ssh.auth.SshUsers;
import dev.kiln.ssh.fs.DatasetFileSystemProvider;
import dev.kiln.ssh.sftp.DatasetSftpSubsystemFactory;
import dev.kiln.ssh.shell.CliRunner;
import dev.kiln.ssh.shell.CliShell;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.file.FileSystemFactory;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.mac.BuiltinMacs;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.scp.server.ScpCommandFactory;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.server.subsystem.SubsystemFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code ssh} service: Apache MINA SSHD with the appliance's host keys, password and public-key
 * logins against Kiln users, the admin shell and {@code kiln} exec, SCP, and the subsystems (SFTP
 * over the datasets, plus any given by the daemon).
 *
 * <p>Subsystems are a list on purpose: replication will ride on this channel as one more {@link
 * SubsystemFactory} ("kiln-replication"), found by name by MINA, with the session's {@link SshUser}
 * from {@link SshSessions#user}; adding it needs no change here.
 */
public final class SshService implements ManagedService {

  private static final Logger LOG = LoggerFactory.getLogger(SshService.class);

  private final SshSettings settings;
  private final Supplier<StorageEngine> engine;
  private final SshUsers users;
  private final CliRunner cli;
  private final List<SubsystemFactory> extraSubsystems;
  private final Callable<Boolean> enabled;
  private SshServer server;
  private volatile boolean disabled;
  private volatile int boundPort = -1;

  /**
   * @param settings address, port and host key directory
   * @param engine the storage engine while it runs
   * @param users the management plane's users
   * @param cli runs kiln command lines as a user
   * @param extraSubsystems subsystems besides SFTP (replication, later)
   * @param enabled asked at start whether an administrator left the service enabled
   */
  public SshService(
      SshSettings settings,
      Supplier<StorageEngine> engine,
      SshUsers users,
      CliRunner cli,
      List<SubsystemFactory> extraSubsystems,
      Callable<Boolean> enabled) {
    this.enabled = enabled;
    this.settings = settings;
    this.engine = engine;
    this.users = users;
    this.cli = cli;
    this.extraSubsystems = List.copyOf(extraSubsystems);
  }

  @Override
  public String name() {
    return "ssh";
  }

  @Override
  public Set<String> dependsOn() {
    return Set.of("storage", "config");
  }

  @Override
  public void start() throws Exception {
    disabled = !enabled.call();
    if (disabled) {
      LOG.info("SSH is disabled in the configuration; not listening");
      return;
    }
    List<KeyPair> hostKeys = HostKeys.loadOrCreate(settings.hostKeyDir());
    SshServer s = ServerBuilder.builder().build();
    modernAlgorithms(s);
    s.setHost(settings.address());
    s.setPort(settings.port());
    s.setKeyPairProvider(KeyPairProvider.wrap(hostKeys));
    s.setPasswordAuthenticator(
        (user, password, session) -> {
          try {
            return remember(session, users.password(user, password.toCharArray()));
          } catch (IOException e) {
            LOG.warn("password check for {} failed", user, e);
            return false;
          }
        });
    s.setPublickeyAuthenticator(
        (user, key, session) -> {
          try {
            return remember(session, users.publicKey(user, key));
          } catch (IOException e) {
            LOG.warn("public key check for {} failed", user, e);
            return false;
          }
        });
    s.setUserAuthFactories(
        List.of(
            org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory.INSTANCE,
            org.apache.sshd.server.auth.password.UserAuthPasswordFactory.INSTANCE));
    s.setKeyboardInteractiveAuthenticator(null);
    s.setGSSAuthenticator(null);
    s.setHostBasedAuthenticator(null);
    DatasetFileSystemProvider provider = new DatasetFileSystemProvider();
    s.setFileSystemFactory(
        new FileSystemFactory() {
          @Override
          public Path getUserHomeDir(SessionContext session) {
            return null; // the view's root
          }

          @Override
          public FileSystem createFileSystem(SessionContext session) {
            return provider.newFileSystem(engine, SshSessions.user(session));
          }
        });
    s.setShellFactory(channel -> new CliShell(cli));
    s.setCommandFactory(
        new ScpCommandFactory.Builder().withDelegate(new KilnCommands(cli)).build());
    List<SubsystemFactory> subsystems = new ArrayList<>();
    subsystems.add(new DatasetSftpSubsystemFactory());
    subsystems.addAll(extraSubsystems);
    s.setSubsystemFactories(subsystems);
    s.start();
    server = s;
    boundPort = ((InetSocketAddress) s.getBoundAddresses().iterator().next()).getPort();
    LOG.info("SSH listening on {}:{}", settings.address(), boundPort);
  }

  private static boolean remember(ServerSession session, Optional<SshUser> user) {
    user.ifPresent(u -> session.setAttribute(SshSessions.USER, u));
    return user.isPresent();
  }

  /**
   * Only current algorithms: curve25519/ECDH/DH-16+ key exchange (plus the post-quantum hybrids),
   * AEAD and CTR ciphers, SHA-2 ETM MACs, no SHA-1 signatures, no DSA, no CBC.
   */
  private static void modernAlgorithms(SshServer s) {
    List<BuiltinDHFactories> kex =
        List.of(
            BuiltinDHFactories.mlkem768x25519,
            BuiltinDHFactories.sntrup761x25519_openssh,
            BuiltinDHFactories.sntrup761x25519,
            BuiltinDHFactories.curve25519,
            BuiltinDHFactories.curve25519_libssh,
            BuiltinDHFactories.ecdhp256,
            BuiltinDHFactories.ecdhp384,
            BuiltinDHFactories.ecdhp521,
            BuiltinDHFactories.dhg16_512,
            BuiltinDHFactories.dhg18_512);
    s.setKeyExchangeFactories(
        NamedFactory.setUpTransformedFactories(false, kex, ServerBuilder.DH2KEX));
    s.setCipherFactories(
        supported(
            List.<NamedFactory<org.apache.sshd.common.cipher.Cipher>>of(
                BuiltinCiphers.cc20p1305_openssh,
                BuiltinCiphers.aes256gcm,
                BuiltinCiphers.aes128gcm,
                BuiltinCiphers.aes256ctr,
                BuiltinCiphers.aes192ctr,
                BuiltinCiphers.aes128ctr)));
    s.setMacFactories(
        supported(
            List.<NamedFactory<org.apache.sshd.common.mac.Mac>>of(
                BuiltinMacs.hmacsha256etm,
                BuiltinMacs.hmacsha512etm,
                BuiltinMacs.hmacsha256,
                BuiltinMacs.hmacsha512)));
    s.setSignatureFactories(
        supported(
            List.<NamedFactory<org.apache.sshd.common.signature.Signature>>of(
                BuiltinSignatures.ed25519,
                BuiltinSignatures.nistp256,
                BuiltinSignatures.nistp384,
                BuiltinSignatures.nistp521,
                BuiltinSignatures.rsaSHA512,
                BuiltinSignatures.rsaSHA256)));
  }

  private static <T> List<NamedFactory<T>> supported(List<NamedFactory<T>> factories) {
    return factories.stream()
        .filter(f -> !(f instanceof org.apache.sshd.common.OptionalFeature o) || o.isSupported())
        .toList();
  }

  /** The port bound, or -1 when stopped. */
  public int boundPort() {
    return boundPort;
  }

  @Override
  public void stop() throws IOException {
    boundPort = -1;
    if (server != null) {
      server.stop(true);
      server = null;
    }
  }

  @Override
  public Health health() {
    if (disabled) {
      return new Health(Health.State.STOPPED, "disabled");
    }
    return server != null && server.isStarted()
        ? Health.up()
        : new Health(Health.State.STOPPED, "");
  }
}
