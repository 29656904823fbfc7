package dev.kiln.daemon;

import dev.kiln.cli.remote.Endpoint;
import dev.kiln.cli.state.DataDirLock;
import dev.kiln.cli.state.RuntimeState;
import dev.kiln.common.KilnVersion;
import dev.kiln.common.config.KilnOptions;
import dev.kiln.common.lifecycle.ManagedService;
import dev.kiln.common.net.ServiceId;
import dev.kiln.daemon.identity.ApplianceIdentity;
import dev.kiln.daemon.iscsi.IsnsRegistration;
import dev.kiln.daemon.iscsi.VolumeTargetCatalog;
import dev.kiln.daemon.lifecycle.Lifecycle;
import dev.kiln.daemon.lifecycle.ServiceStartException;
import dev.kiln.daemon.mgmt.ConfigService;
import dev.kiln.daemon.mgmt.IdentityCertificates;
import dev.kiln.daemon.mgmt.ManagementListener;
import dev.kiln.daemon.nfs.NfsService;
import dev.kiln.daemon.smb.SmbLogins;
import dev.kiln.daemon.smb.SmbService;
import dev.kiln.daemon.ssh.InProcessCli;
import dev.kiln.daemon.ssh.SshLogins;
import dev.kiln.daemon.storage.StorageService;
import dev.kiln.engine.api.manage.EngineOptions;
import dev.kiln.iscsi.login.TargetLimits;
import dev.kiln.iscsi.target.IscsiServer;
import dev.kiln.ssh.SshService;
import dev.kiln.ssh.SshSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: wires the services of one appliance, starts them, publishes the runtime
 * state, and stops them. Holds the data-directory lock from before the first service starts until
 * after the last one stopped.
 */
public final class Daemon implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

  private final DaemonSettings settings;
  private final DataDirLock lock;
  private final Lifecycle lifecycle;
  private final ManagementListener mgmt;
  private final IscsiServer iscsi;
  private final NfsService nfs;
  private final SshService ssh;
  private final SmbService smb;
  private final Instant started;

  private Daemon(
      DaemonSettings settings,
      DataDirLock lock,
      Lifecycle lifecycle,
      ManagementListener mgmt,
      IscsiServer iscsi,
      NfsService nfs,
      SshService ssh,
      SmbService smb) {
    this.settings = settings;
    this.lock = lock;
    this.lifecycle = lifecycle;
    this.mgmt = mgmt;
    this.iscsi = iscsi;
    this.nfs = nfs;
    this.ssh = ssh;
    this.smb = smb;
    this.started = settings.clock().instant();
  }

  /**
   * Wires and starts the appliance. The caller already holds the lock and loaded the identity; on
   * failure everything started is stopped and the lock released.
   */
  public static Daemon start(DaemonSettings settings, DataDirLock lock, ApplianceIdentity identity)
      throws ServiceStartException, IOException {
    AtomicReference<Lifecycle> lifecycleRef = new AtomicReference<>();
    AtomicReference<ManagementListener> mgmtRef = new AtomicReference<>();
    AtomicReference<NfsService> nfsRef = new AtomicReference<>();
    AtomicReference<SshService> sshRef = new AtomicReference<>();
    AtomicReference<SmbService> smbRef = new AtomicReference<>();
    StorageService storage =
        new StorageService(
            settings.dataDir(),
            new EngineOptions(
                settings.clock(),
                settings.config().get(KilnOptions.ENGINE_CACHE_SIZE),
                Duration.ofSeconds(settings.config().get(KilnOptions.ENGINE_TXG_SECONDS))),
            settings.config().get(KilnOptions.DEFAULT_POOL_NAME),
            settings.config().get(KilnOptions.DEFAULT_POOL_SIZE));
    ConfigService config =
        new ConfigService(
            settings.dataDir(),
            settings.clock(),
            settings.hostname(),
            identity.adminPasswordHash(),
            identity.adminNtHash(),
            () -> lifecycleRef.get().health(),
            () -> bound(mgmtRef.get(), nfsRef.get(), sshRef.get(), smbRef.get()),
            storage::engine,
            new IdentityCertificates(identity, settings.clock()));
    ManagementListener mgmt =
        new ManagementListener(
            settings.config().get(KilnOptions.LISTEN_ADDRESS),
            settings.plan(),
            () -> {
              try {
                return identity.serverContext();
              } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException("cannot build the TLS context: " + e, e);
              }
            },
            config::router);
    mgmtRef.set(mgmt);
    VolumeTargetCatalog iscsiCatalog =
        new VolumeTargetCatalog(storage::engine, config::iscsiTargets);
    IscsiServer iscsi =
        new IscsiServer(
            settings.config().get(KilnOptions.LISTEN_ADDRESS),
            settings.plan().port(dev.kiln.common.net.ServiceId.ISCSI, 3260),
            iscsiCatalog,
            TargetLimits.standard(),
            java.util.Set.of("storage", "config"));
    NfsService nfs =
        new NfsService(
            settings.config().get(KilnOptions.LISTEN_ADDRESS),
            settings.plan(),
            storage::engine,
            config::serviceSettings,
            settings.dataDir().resolve("nfs"),
            settings.clock(),
            Duration.ofSeconds(settings.config().get(KilnOptions.NFS_GRACE_SECONDS)));
    nfsRef.set(nfs);
    SshService ssh =
        new SshService(
            new SshSettings(
                settings.config().get(KilnOptions.LISTEN_ADDRESS),
                settings.plan().port(ServiceId.SSH, 22),
                settings.dataDir().resolve("identity").resolve("ssh")),
            storage::engine,
            new SshLogins(config::users),
            new InProcessCli(
                config::sessions,
                () -> {
                  try {
                    return new Endpoint(
                        "localhost:" + mgmt.boundPorts().get(1), identity.certificatePem());
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                }),
            List.of(),
            () -> config.serviceSettings().enabled(ServiceId.SSH));
    sshRef.set(ssh);
    SmbService smb =
        new SmbService(
            settings.config().get(KilnOptions.LISTEN_ADDRESS),
            settings.plan(),
            storage::engine,
            config::serviceSettings,
            new SmbLogins(config::users),
            settings.hostname(),
            settings.clock());
    smbRef.set(smb);
    List<ManagedService> services =
        new java.util.ArrayList<>(List.of(storage, config, mgmt, iscsi, nfs, ssh, smb));
    String isns = settings.config().get(KilnOptions.ISCSI_ISNS_SERVER);
    if (!isns.isEmpty()) {
      services.add(
          IsnsRegistration.client(
              isns,
              settings.hostname(),
              settings.config().get(KilnOptions.LISTEN_ADDRESS),
              iscsi::boundPort,
              iscsiCatalog));
    }
    Lifecycle lifecycle =
        new Lifecycle(
            services,
            Duration.ofSeconds(settings.config().get(KilnOptions.SHUTDOWN_TIMEOUT_SECONDS)));
    lifecycleRef.set(lifecycle);
    LOG.info("starting services in order {}", lifecycle.startOrder());
    try {
      lifecycle.startAll();
    } catch (ServiceStartException e) {
      lock.close();
      throw e;
    }
    Daemon d = new Daemon(settings, lock, lifecycle, mgmt, iscsi, nfs, ssh, smb);
    d.publishState();
    return d;
  }

  /** Ports actually bound per registry row key. */
  public Map<String, List<Integer>> boundPorts() {
    Map<String, List<Integer>> bound = bound(mgmt, nfs, ssh, smb);
    if (iscsi.boundPort() > 0) {
      // The target listens on 3260 only; 3205 is iSNS, a client (not built yet).
      bound.put(dev.kiln.common.net.ServiceId.ISCSI.key(), List.of(iscsi.boundPort()));
    }
    return bound;
  }

  private static Map<String, List<Integer>> bound(
      ManagementListener mgmt, NfsService nfs, SshService ssh, SmbService smb) {
    Map<String, List<Integer>> bound = new LinkedHashMap<>();
    if (ssh != null && ssh.boundPort() > 0) {
      bound.put(dev.kiln.common.net.ServiceId.SSH.key(), List.of(ssh.boundPort()));
    }
    if (mgmt != null && !mgmt.boundPorts().isEmpty()) {
      bound.put(dev.kiln.common.net.ServiceId.BSRAPID.key(), mgmt.boundPorts());
    }
    if (nfs != null) {
      bound.putAll(nfs.boundPorts());
    }
    if (smb != null) {
      bound.putAll(smb.boundPorts());
    }
    return bound;
  }

  private void publishState() throws IOException {
    Map<String, String> services = new LinkedHashMap<>();
    lifecycle
        .health()
        .forEach(
            (name, h) ->
                services.put(
                    name, h.detail().isEmpty() ? h.state().name() : h.state() + ": " + h.detail()));
    new RuntimeState(
            ProcessHandle.current().pid(),
            KilnVersion.version(),
            started,
            settings.plan().portOffset(),
            settings.plan().witnessInstance(),
            boundPorts(),
            services)
        .write(settings.dataDir());
  }

  /** Stops every service in reverse order, removes the runtime state, releases the lock. */
  @Override
  public void close() {
    LOG.info("stopping");
    lifecycle.stopAll();
    try {
      Files.deleteIfExists(RuntimeState.file(settings.dataDir()));
      lock.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    LOG.info("stopped");
  }
}
