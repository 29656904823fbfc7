package dev.kiln.daemon.nfs;

import dev.kiln.common.lifecycle.Health;
import dev.kiln.common.lifecycle.ManagedService;
import dev.kiln.common.net.PortPlan;
import dev.kiln.common.net.ServiceId;
import dev.kiln.engine.api.manage.StorageEngine;
import dev.kiln.mgmt.services.ServiceSettings;
import dev.kiln.nfs.NfsServer;
import dev.kiln.nfs.export.EngineExportSource;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code nfs} service of `kiln serve`: portmap (111), MOUNT + NFSv3 (2049) and NLM + NSM (4045)
 * over the pools' datasets whose sharenfs is set. Follows the {@code nfs} service setting: disabled
 * at start means not started, and enabling or disabling it through the API starts or stops it at
 * once.
 */
public final class NfsService implements ManagedService {

  private static final Logger LOG = LoggerFactory.getLogger(NfsService.class);

  private final String bindAddress;
  private final PortPlan plan;
  private final Supplier<StorageEngine> engine;
  private final Supplier<ServiceSettings> settings;
  private final Path stateDir;
  private final Clock clock;
  private final Duration grace;
  private NfsServer server;
  private String failure = "";

  /** The service; {@code settings} is read at start. */
  public NfsService(
      String bindAddress,
      PortPlan plan,
      Supplier<StorageEngine> engine,
      Supplier<ServiceSettings> settings,
      Path stateDir,
      Clock clock,
      Duration grace) {
    this.bindAddress = bindAddress;
    this.plan = plan;
    this.engine = engine;
    this.settings = settings;
    this.stateDir = stateDir;
    this.clock = clock;
    this.grace = grace;
  }

  @Override
  public String name() {
    return "nfs";
  }

  @Override
  public java.util.Set<String> dependsOn() {
    return java.util.Set.of("storage", "config");
  }

  @Override
  public void start() throws IOException {
    ServiceSettings s = settings.get();
    s.onChange(
        (id, enabled) -> {
          if (id == ServiceId.NFS) {
            apply(enabled);
          }
        });
    if (s.enabled(ServiceId.NFS)) {
      startServer();
    } else {
      LOG.info("nfs is disabled; enable it with `kiln service enable nfs`");
    }
  }

  private void apply(boolean enabled) {
    try {
      if (enabled) {
        startServer();
      } else {
        stop();
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot {} nfs: {}", enabled ? "start" : "stop", e.toString());
      synchronized (this) {
        failure = e.getMessage();
      }
    }
  }

  private synchronized void startServer() throws IOException {
    if (server != null) {
      return;
    }
    server =
        NfsServer.builder()
            .withBindAddress(bindAddress)
            .withPortmapPort(plan.port(ServiceId.NFS_RPC, 111))
            .withNfsPort(plan.port(ServiceId.NFS, 2049))
            .withNlmPort(plan.port(ServiceId.NFS_LOCKMGR, 4045))
            .withExports(new EngineExportSource(engine, clock, Duration.ofSeconds(2)))
            .withStateDirectory(stateDir)
            .withClock(clock)
            .withGracePeriod(grace)
            .start();
    failure = "";
  }

  @Override
  public synchronized void stop() throws IOException {
    NfsServer s = server;
    server = null;
    if (s != null) {
      s.close();
    }
  }

  /** Bound ports per registry row key; empty while stopped. */
  public synchronized Map<String, List<Integer>> boundPorts() {
    Map<String, List<Integer>> m = new LinkedHashMap<>();
    if (server != null) {
      Map<String, Integer> p = server.ports();
      if (p.get("portmap") != 0) {
        m.put(ServiceId.NFS_RPC.key(), List.of(p.get("portmap")));
      }
      m.put(ServiceId.NFS.key(), List.of(p.get("nfs")));
      m.put(ServiceId.NFS_LOCKMGR.key(), List.of(p.get("nlm")));
    }
    return m;
  }

  @Override
  public synchronized Health health() {
    if (server != null) {
      return server.servesPortmap()
          ? Health.up()
          : new Health(Health.State.UP, "programs registered with the system rpcbind");
    }
    return failure.isEmpty() ? new Health(Health.State.STOPPED, "") : Health.failed(failure);
  }
}
