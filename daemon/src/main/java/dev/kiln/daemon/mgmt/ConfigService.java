package dev.kiln.daemon.mgmt;

import dev.kiln.common.lifecycle.Health;
import dev.kiln.common.lifecycle.ManagedService;
import dev.kiln.engine.api.manage.StorageEngine;
import dev.kiln.mgmt.ManagementApi;
import dev.kiln.mgmt.api.ApiRouter;
import dev.kiln.mgmt.audit.AuditLog;
import dev.kiln.mgmt.auth.ApiTokens;
import dev.kiln.mgmt.auth.LoginGuard;
import dev.kiln.mgmt.auth.PasswordHash;
import dev.kiln.mgmt.auth.PasswordPolicy;
import dev.kiln.mgmt.auth.SessionTokens;
import dev.kiln.mgmt.iscsi.IscsiTargets;
import dev.kiln.mgmt.jobs.JobManager;
import dev.kiln.mgmt.routes.CertificateManager;
import dev.kiln.mgmt.services.ServiceSettings;
import dev.kiln.mgmt.store.EmbeddedConfigStore;
import dev.kiln.mgmt.users.UserDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The {@code config} service: opens the configuration store and the audit trail, the user directory
 * (with the initial administrator at first start) and the token services, and builds the REST
 * router on them.
 */
public final class ConfigService implements ManagedService {

  private final Path dataDir;
  private final Clock clock;
  private final String hostname;
  private final String adminPasswordHash;
  private final String adminNtHash;
  private final Supplier<Map<String, Health>> health;
  private final Supplier<Map<String, List<Integer>>> bound;
  private final Supplier<StorageEngine> engine;
  private final CertificateManager certificates;
  private EmbeddedConfigStore store;
  private AuditLog audit;
  private volatile ApiRouter router;
  private volatile ServiceSettings settings;
  private volatile IscsiTargets iscsiTargets;
  private volatile UserDirectory users;
  private volatile SessionTokens sessions;

  /**
   * @param dataDir the data directory
   * @param clock time source
   * @param hostname the appliance name
   * @param adminPasswordHash the initial administrator's hash, imported when no user exists
   * @param adminNtHash the initial administrator's NT hash for SMB (empty when unknown)
   * @param health service health for the API
   * @param bound bound ports for the API
   * @param engine the storage engine while it runs
   * @param certificates the TLS certificate, for the API
   */
  public ConfigService(
      Path dataDir,
      Clock clock,
      String hostname,
      String adminPasswordHash,
      String adminNtHash,
      Supplier<Map<String, Health>> health,
      Supplier<Map<String, List<Integer>>> bound,
      Supplier<StorageEngine> engine,
      CertificateManager certificates) {
    this.dataDir = dataDir;
    this.clock = clock;
    this.hostname = hostname;
    this.adminPasswordHash = adminPasswordHash;
    this.adminNtHash = adminNtHash;
    this.health = health;
    this.bound = bound;
    this.engine = engine;
    this.certificates = certificates;
  }

  @Override
  public String name() {
    return "config";
  }

  @Override
  public void start() throws IOException {
    store = EmbeddedConfigStore.open(dataDir.resolve("config"));
    audit = AuditLog.open(dataDir.resolve("audit").resolve("audit.log"));
    SecureRandom random = new SecureRandom();
    UserDirectory users =
        new UserDirectory(
            store,
            clock,
            random,
            PasswordPolicy.defaults(),
            LoginGuard.defaults(clock),
            PasswordHash.DEFAULT_ITERATIONS);
    users.bootstrapAdmin("admin", adminPasswordHash, adminNtHash);
    SessionTokens sessions =
        new SessionTokens(tokenKey(random), clock, Duration.ofHours(8), random);
    settings = new ServiceSettings(store);
    iscsiTargets = new IscsiTargets(store);
    this.users = users;
    this.sessions = sessions;
    router =
        ManagementApi.router(
            users,
            sessions,
            new ApiTokens(store, clock, random),
            audit,
            clock,
            hostname,
            health,
            bound,
            engine,
            new JobManager(clock),
            certificates,
            settings,
            iscsiTargets);
  }

  /** Which services should run; only while the service runs. */
  public ServiceSettings serviceSettings() {
    ServiceSettings s = settings;
    if (s == null) {
      throw new IllegalStateException("the configuration service is not running");
    }
    return s;
  }

  /** The configured iSCSI targets; only while the service runs. */
  public IscsiTargets iscsiTargets() {
    IscsiTargets t = iscsiTargets;
    if (t == null) {
      throw new IllegalStateException("the configuration service is not running");
    }
    return t;
  }

  /** The API router; only while the service runs. */
  public ApiRouter router() {
    ApiRouter r = router;
    if (r == null) {
      throw new IllegalStateException("the configuration service is not running");
    }
    return r;
  }

  /** The user directory (SSH logins use it); only while the service runs. */
  public UserDirectory users() {
    UserDirectory u = users;
    if (u == null) {
      throw new IllegalStateException("the configuration service is not running");
    }
    return u;
  }

  /** The session tokens (the SSH shell issues one per command line); only while running. */
  public SessionTokens sessions() {
    SessionTokens s = sessions;
    if (s == null) {
      throw new IllegalStateException("the configuration service is not running");
    }
    return s;
  }

  private byte[] tokenKey(SecureRandom random) throws IOException {
    Path key = dataDir.resolve("identity").resolve("token.key");
    if (Files.exists(key)) {
      byte[] k = Files.readAllBytes(key);
      if (k.length >= 32) {
        return k;
      }
    }
    byte[] k = new byte[32];
    random.nextBytes(k);
    Files.createDirectories(key.getParent());
    Path tmp = key.resolveSibling("token.key.tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(
        tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.write(tmp, k);
    Files.move(tmp, key, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return k;
  }

  @Override
  public void stop() throws IOException {
    router = null;
    settings = null;
    users = null;
    sessions = null;
    if (audit != null) {
      audit.close();
    }
    if (store != null) {
      store.close();
    }
  }

  @Override
  public Health health() {
    return router == null ? new Health(Health.State.STOPPED, "") : Health.up();
  }
}
