package dev.kiln.daemon.smb;

import dev.kiln.common.lifecycle.Health;
import dev.kiln.common.lifecycle.ManagedService;
import dev.kiln.common.net.PortPlan;
import dev.kiln.common.net.ServiceId;
import dev.kiln.engine.api.manage.StorageEngine;
import dev.kiln.mgmt.services.ServiceSettings;
import dev.kiln.smb.SmbServer;
import dev.kiln.smb.SpnegoAuthentication;
import dev.kiln.smb.auth.NtlmTargetNames;
import dev.kiln.smb.auth.SmbAccounts;
import dev.kiln.smb.auth.SpnegoAcceptor;
import dev.kiln.smb.crypto.KeyDerivingSessionCrypto;
import dev.kiln.smb.rpc.NamedPipe;
import dev.kiln.smb.rpc.SrvsvcPipe;
import dev.kiln.smb.share.EngineShareSource;
import dev.kiln.smb.share.ShareListing;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code smb} service of `kiln serve`: SMB2/3 on 445 (direct TCP) and 139 (NetBIOS session
 * service) over the pools' datasets whose sharesmb is set, with logons against Kiln's users.
 * Follows the {@code smb} service setting like the {@code nfs} service does.
 */
public final class SmbService implements ManagedService {

  private static final Logger LOG = LoggerFactory.getLogger(SmbService.class);

  private final String bindAddress;
  private final PortPlan plan;
  private final Supplier<StorageEngine> engine;
  private final Supplier<ServiceSettings> settings;
  private final SmbAccounts accounts;
  private final String hostname;
  private final Clock clock;
  private SmbServer server;
  private String failure = "";

  /** The service; {@code settings} is read at start. */
  public SmbService(
      String bindAddress,
      PortPlan plan,
      Supplier<StorageEngine> engine,
      Supplier<ServiceSettings> settings,
      SmbAccounts accounts,
      String hostname,
      Clock clock) {
    this.bindAddress = bindAddress;
    this.plan = plan;
    this.engine = engine;
    this.settings = settings;
    this.accounts = accounts;
    this.hostname = hostname;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "smb";
  }

  @Override
  public Set<String> dependsOn() {
    return Set.of("storage", "config");
  }

  @Override
  public void start() throws IOException {
    ServiceSettings s = settings.get();
    s.onChange(
        (id, enabled) -> {
          if (id == ServiceId.SMB) {
            apply(enabled);
          }
        });
    if (s.enabled(ServiceId.SMB)) {
      startServer();
    } else {
      LOG.info("smb is disabled; enable it with `kiln service enable smb`");
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
      LOG.warn("cannot {} smb: {}", enabled ? "start" : "stop", e.toString());
      synchronized (this) {
        failure = e.getMessage();
      }
    }
  }

  private synchronized void startServer() throws IOException {
    if (server != null) {
      return;
    }
    SpnegoAcceptor acceptor =
        new SpnegoAcceptor(accounts, NtlmTargetNames.forHost(hostname), clock, new SecureRandom());
    EngineShareSource shares = new EngineShareSource(engine, clock, Duration.ofSeconds(2));
    ShareListing listing = new ShareListing(shares);
    String serverName = NtlmTargetNames.forHost(hostname).netbiosComputer();
    server =
        SmbServer.builder()
            .withBindAddress(bindAddress)
            .withPort(plan.port(ServiceId.SMB, 445))
            .withNetbiosPort(plan.port(ServiceId.SMB, 139))
            .withShares(shares)
            .withAuthenticator(new SpnegoAuthentication(acceptor))
            .withCrypto(new KeyDerivingSessionCrypto())
            .withPipes(
                name ->
                    name.equals("srvsvc")
                        ? Optional.<NamedPipe>of(new SrvsvcPipe(listing, serverName))
                        : Optional.empty())
            .withClock(clock)
            .start();
    failure = "";
  }

  @Override
  public synchronized void stop() throws IOException {
    SmbServer s = server;
    server = null;
    if (s != null) {
      s.close();
    }
  }

  /** Bound ports per registry row key (139 then 445, the row's order); empty while stopped. */
  public synchronized Map<String, List<Integer>> boundPorts() {
    Map<String, List<Integer>> m = new LinkedHashMap<>();
    if (server != null) {
      Map<String, Integer> p = server.ports();
      m.put(ServiceId.SMB.key(), List.of(p.get("netbios"), p.get("smb")));
    }
    return m;
  }

  @Override
  public synchronized Health health() {
    if (server != null) {
      return Health.up();
    }
    return failure.isEmpty() ? new Health(Health.State.STOPPED, "") : Health.failed(failure);
  }
}
