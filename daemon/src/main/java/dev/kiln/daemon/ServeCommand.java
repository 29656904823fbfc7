package dev.kiln.daemon;

import dev.kiln.cli.DataDirOptions;
import dev.kiln.cli.PortOptions;
import dev.kiln.cli.state.DataDirLock;
import dev.kiln.common.KilnVersion;
import dev.kiln.common.config.KilnConfig;
import dev.kiln.common.config.KilnOptions;
import dev.kiln.common.net.PortPlan;
import dev.kiln.common.net.PortRegistry;
import dev.kiln.common.net.ResolvedPort;
import dev.kiln.common.net.ServiceId;
import dev.kiln.daemon.identity.ApplianceIdentity;
import dev.kiln.daemon.logging.LoggingSetup;
import dev.kiln.mgmt.auth.PasswordHash;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** `kiln serve`: runs the appliance in the foreground until SIGTERM or SIGINT. */
@Command(
    name = "serve",
    description = "Run the appliance (foreground; stop with Ctrl-C or SIGTERM).")
public final class ServeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin DataDirOptions dir;

  @Mixin PortOptions ports;

  @Override
  public Integer call() throws Exception {
    long t0 = System.nanoTime();
    PrintWriter out = spec.commandLine().getOut();
    Path dataDir = dir.dataDir();
    if (!Files.isDirectory(dataDir)) {
      // Pool images, keys and credentials live here: owner only.
      Files.createDirectories(
          dataDir,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    DataDirLock lock = DataDirLock.acquire(dataDir);
    boolean handedOver = false;
    try {
      Path configFile = dir.configFile();
      if (!Files.exists(configFile)) {
        Files.writeString(configFile, KilnConfig.template(), StandardCharsets.UTF_8);
      }
      KilnConfig config = KilnConfig.load(configFile);
      PortPlan plan = ports.plan(config);
      Path logs = dataDir.resolve("logs");
      Files.createDirectories(logs);
      LoggingSetup.configure(
          logs,
          config.get(KilnOptions.LOG_LEVEL),
          config.get(KilnOptions.LOG_FILE_MAX_SIZE),
          config.get(KilnOptions.LOG_FILE_MAX_HISTORY),
          config.get(KilnOptions.LOG_FILE_TOTAL_SIZE_CAP));
      Logger log = LoggerFactory.getLogger(ServeCommand.class);
      log.info("Kiln {} starting on data directory {}", KilnVersion.version(), dataDir);
      printPortMapping(out, plan);

      String hostname = hostname(config);
      ApplianceIdentity identity =
          ApplianceIdentity.loadOrCreate(
              dataDir,
              hostname,
              Duration.ofDays(config.get(KilnOptions.CERT_VALIDITY_DAYS)),
              Clock.systemUTC(),
              new SecureRandom(),
              PasswordHash.DEFAULT_ITERATIONS,
              (user, password, file) -> {
                // Straight to the terminal, never to the log file.
                out.printf(
                    "%n  Initial administrator: %s / %s%n"
                        + "  Shown once; only a hash is kept (%s). Change it after logging in.%n%n",
                    user, password, file);
                out.flush();
              });
      DaemonSettings settings =
          new DaemonSettings(dataDir, config, plan, hostname, Clock.systemUTC());
      Daemon daemon = Daemon.start(settings, lock, identity);
      handedOver = true;
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              Thread.ofPlatform()
                  .name("kiln-shutdown")
                  .unstarted(
                      () -> {
                        try {
                          daemon.close();
                        } finally {
                          stopped.countDown();
                          LoggingSetup.shutdown();
                        }
                      }));
      int https = daemon.boundPorts().get(ServiceId.BSRAPID.key()).get(1);
      log.info(
          "Kiln ready in {} ms; TLS certificate SHA-256 {}",
          (System.nanoTime() - t0) / 1_000_000,
          identity.fingerprint());
      out.printf(
          "Kiln %s ready: https://%s:%d/api/v1/health (data: %s, pid %d)%n",
          KilnVersion.version(), hostname, https, dataDir, ProcessHandle.current().pid());
      out.flush();
      stopped.await();
      return 0;
    } finally {
      if (!handedOver) {
        lock.close();
      }
    }
  }

  private static void printPortMapping(PrintWriter out, PortPlan plan) {
    List<ResolvedPort> remapped = plan.remapped();
    if (remapped.isEmpty()) {
      return;
    }
    if (plan.portOffset() != 0) {
      out.printf(
          "Ports below 1024 cannot be bound by this user: listening on port + %d"
              + " (--port-offset 0 or KILN_PORT_OFFSET=0 for real ports).%n",
          plan.portOffset());
    }
    for (ResolvedPort p : remapped) {
      out.printf("  %-12s %5d -> %d%n", PortRegistry.row(p.id()).service(), p.seedPort(), p.port());
    }
    out.flush();
  }

  private static String hostname(KilnConfig config) {
    String configured = config.get(KilnOptions.HOSTNAME);
    if (!configured.equals("auto")) {
      return configured;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "localhost";
    }
  }
}
