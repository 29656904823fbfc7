package dev.kiln.cli.storage;

import dev.kiln.common.ByteSizes;
import dev.kiln.engine.api.manage.DeviceStatus;
import dev.kiln.engine.api.manage.Pool;
import dev.kiln.engine.api.manage.PoolCapacity;
import dev.kiln.engine.api.manage.ScrubState;
import dev.kiln.engine.api.manage.ScrubStatus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kiln pool ...}: storage pools, as zpool manages them. */
@Command(
    name = "pool",
    description = "Manage storage pools (local; the daemon must not be running).",
    subcommands = {
      PoolCommand.Create.class,
      PoolCommand.ListPools.class,
      PoolCommand.Status.class,
      PoolCommand.Scrub.class,
      PoolCommand.Export.class,
      PoolCommand.Import.class
    })
public final class PoolCommand implements StorageRoot {

  private final StorageAccess access;

  /** A pool command opening the engine through {@code access}. */
  public PoolCommand(StorageAccess access) {
    this.access = access;
  }

  @Override
  public StorageAccess access() {
    return access;
  }

  /** {@code kiln pool create NAME [DEVICE...]}. */
  @Command(name = "create", description = "Create a pool on files or block devices.")
  static final class Create extends StorageCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "Pool name.")
    String name;

    @Parameters(
        index = "1..*",
        paramLabel = "DEVICE",
        description = "Files or block devices (default: one sparse file in <data-dir>/pools).")
    List<Path> devices = new ArrayList<>();

    @Option(
        names = "--size",
        paramLabel = "SIZE",
        defaultValue = "10G",
        description = "Size of files created for the pool (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(
        names = "-o",
        paramLabel = "PROPERTY=VALUE",
        description = "Property of the root dataset (repeatable).")
    List<String> properties = new ArrayList<>();

    @Override
    int run(StorageSession s, PrintWriter out) throws Exception {
      Pool pool = s.createPool(name, devices, ByteSizes.parse(size), Properties.pairs(properties));
      out.printf("created pool %s (guid %s)%n", pool.name(), Long.toUnsignedString(pool.guid()));
      return 0;
    }
  }

  /** {@code kiln pool list}. */
  @Command(name = "list", description = "List pools with their capacity and health.")
  static final class ListPools extends StorageCommand {
    @Mixin OutputFormat output;

    @Override
    int run(StorageSession s, PrintWriter out) throws Exception {
      List<List<Object>> rows = new ArrayList<>();
      for (Pool p : s.engine().pools()) {
        PoolCapacity c = p.capacity();
        boolean json = output.format().equals("json");
        rows.add(
            List.of(
                p.name(),
                json ? c.sizeBytes() : ByteSizes.format(c.sizeBytes()),
                json ? c.allocatedBytes() : ByteSizes.format(c.allocatedBytes()),
                json ? c.freeBytes() : ByteSizes.format(c.freeBytes()),
                p.health().name()));
      }
      Output.rows(out, output.format(), List.of("NAME", "SIZE", "ALLOC", "FREE", "HEALTH"), rows);
      return 0;
    }
  }

  /** {@code kiln pool status [NAME]}. */
  @Command(name = "status", description = "Show health, device errors and scrub state.")
  static final class Status extends StorageCommand {
    @Parameters(arity = "0..1", paramLabel = "NAME")
    String name;

    @Override
    int run(StorageSession s, PrintWriter out) throws Exception {
      List<Pool> pools = name == null ? s.engine().pools() : List.of(s.engine().pool(name));
      if (pools.isEmpty()) {
        out.println("no pools available");
      }
      for (Pool p : pools) {
        out.printf("  pool: %s%n state: %s%n", p.name(), p.health());
        out.printf("  scan: %s%n", describe(p.scrubStatus()));
        out.printf(
            "config:%n%n\t%-40s %-8s %5s %5s %5s%n", "NAME", "STATE", "READ", "WRITE", "CKSUM");
        for (DeviceStatus d : p.devices()) {
          out.printf(
              "\t%-40s %-8s %5d %5d %5d%n",
              d.name(), d.health(), d.readErrors(), d.writeErrors(), d.checksumErrors());
        }
        out.println();
      }
      return 0;
    }
  }

  static String describe(ScrubStatus st) {
    if (st == null || st.state() == ScrubState.NEVER_RUN) {
      return "none requested";
    }
    String progress =
        "%s of %s scanned, %d error(s)"
            .formatted(
                ByteSizes.format(st.bytesScanned()),
                ByteSizes.format(st.bytesToScan()),
                st.errors());
    return switch (st.state()) {
      case RUNNING -> "scrub in progress since " + st.started() + ": " + progress;
      case FINISHED -> "scrub repaired 0B on " + st.finished() + ": " + progress;
      case CANCELED -> "scrub canceled on " + st.finished() + ": " + progress;
      default -> st.state() + ": " + progress;
    };
  }

  /** {@code kiln pool scrub NAME}: verifies every block and waits for the result. */
  @Command(name = "scrub", description = "Read and verify every block of a pool.")
  static final class Scrub extends StorageCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    int run(StorageSession s, PrintWriter out) throws Exception {
      Pool p = s.engine().pool(name);
      p.startScrub();
      ScrubStatus st = p.scrubStatus();
      while (st.state() == ScrubState.RUNNING) {
        // Poll the background scrub a few times a second and show its progress.
        java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
        st = p.scrubStatus();
        spec.commandLine().getErr().printf("\r%s", describe(st));
        spec.commandLine().getErr().flush();
      }
      spec.commandLine().getErr().println();
      out.printf("%s: %s%n", name, describe(st));
      return st.errors() == 0 ? 0 : 1;
    }
  }

  /** {@code kiln pool export NAME}. */
  @Command(name = "export", description = "Write a pool out and release it for import elsewhere.")
  static final class Export extends StorageCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    int run(StorageSession s, PrintWriter out) throws Exception {
      s.exportPool(name);
      out.printf("exported pool %s%n", name);
      return 0;
    }
  }

  /** {@code kiln pool import [NAME] [-d DEVICE]...}. */
  @Command(name = "import", description = "Import a pool from its devices.")
  static final class Import extends StorageCommand {
    @Parameters(arity = "1", paramLabel = "NAME|GUID")
    String name;

    @Option(
        names = "-d",
        paramLabel = "DEVICE",
        description = "A device of the pool (repeatable; default: the files in <data-dir>/pools).")
    List<Path> devices = new ArrayList<>();

    @Override
    int run(StorageSession s, PrintWriter out) throws Exception {
      Pool p = s.importPool(name, devices);
      out.printf("imported pool %s (guid %s)%n", p.name(), Long.toUnsignedString(p.guid()));
      return 0;
    }
  }
}
