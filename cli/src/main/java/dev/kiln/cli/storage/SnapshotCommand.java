package dev.kiln.cli.storage;

import dev.kiln.common.ByteSizes;
import dev.kiln.engine.api.manage.Dataset;
import dev.kiln.engine.api.manage.DiffEntry;
import dev.kiln.engine.api.manage.DiffKind;
import dev.kiln.engine.api.manage.Snapshot;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kiln snapshot ...}: read-only points in time of a dataset. */
@Command(
    name = "snapshot",
    description = "Manage snapshots (local).",
    subcommands = {
      SnapshotCommand.Create.class,
      SnapshotCommand.ListSnapshots.class,
      SnapshotCommand.Destroy.class,
      SnapshotCommand.Rollback.class,
      SnapshotCommand.Hold.class,
      SnapshotCommand.Release.class,
      SnapshotCommand.Diff.class
    })
public final class SnapshotCommand implements StorageRoot {

  private final StorageAccess access;

  /** A snapshot command opening the engine through {@code access}. */
  public SnapshotCommand(StorageAccess access) {
    this.access = access;
  }

  @Override
  public StorageAccess access() {
    return access;
  }

  /** {@code kiln snapshot create [-r] DATASET@NAME}. */
  @Command(name = "create", description = "Take a snapshot (with -r of all descendants at once).")
  static final class Create extends StorageCommand {
    @Parameters(paramLabel = "DATASET@NAME")
    String name;

    @Option(names = "-r", description = "Snapshot descendants in the same transaction group.")
    boolean recursive;

    @Override
    int run(StorageSession s, PrintWriter out) throws Exception {
      for (Snapshot snap : s.engine().createSnapshot(name, recursive)) {
        out.printf("created snapshot %s%n", snap.name());
      }
      return 0;
    }
  }

  /** {@code kiln snapshot list [DATASET]}. */
  @Command(name = "list", description = "List snapshots with their space.")
  static final class ListSnapshots extends StorageCommand {
    @Parameters(arity = "0..1", paramLabel = "DATASET")
    String dataset;

    @Mixin OutputFormat output;

    @Override
    int run(StorageSession s, PrintWriter out) throws Exception {
      boolean json = output.format().equals("json");
      List<Dataset> datasets = new ArrayList<>();
      if (dataset == null) {
        for (var pool : s.engine().pools()) {
          datasets.addAll(s.engine().datasets(pool.name(), true));
        }
      } else {
        datasets.add(s.engine().dataset(dataset));
      }
      List<List<Object>> rows = new ArrayList<>();
      for (Dataset d : datasets) {
        for (Snapshot snap : d.snapshots()) {
          rows.add(
              List.of(
                  snap.name(),
                  json ? snap.used() : ByteSizes.format(snap.used()),
                  json ? snap.referenced() : ByteSizes.format(snap.referenced()),
                  snap.creation().toString(),
                  String.join(",", snap.holds())));
        }
      }
      Output.rows(
          out, output.format(), List.of("NAME", "USED", "REFER", "CREATION", "HOLDS"), rows);
      return 0;
    }
  }

  /** {@code kiln snapshot destroy DATASET@NAME}. */
  @Command(name = "destroy", description = "Destroy a snapshot and reclaim what only it held.")
  static final class Destroy extends StorageCommand {
    @Parameters(paramLabel = "DATASET@NAME")
    String name;

    @Override
    int run(StorageSession s, PrintWriter out) throws Exception {
      s.engine().destroySnapshot(name);
      out.printf("destroyed %s%n", name);
      return 0;
    }
  }

  /** {@code kiln snapshot rollback [-r] DATASET@NAME}. */
  @Command(name = "rollback", description = "Return a dataset to a snapshot.")
  static final class Rollback extends StorageCommand {
    @Parameters(paramLabel = "DATASET@NAME")
    String name;

    @Option(names = "-r", description = "Destroy snapshots newer than this one.")
    boolean destroyNewer;

    @Override
    int run(StorageSession s, PrintWriter out) throws Exception {
      s.engine().rollback(name, destroyNewer);
      out.printf("rolled back to %s%n", name);
      return 0;
    }
  }

  /** {@code kiln snapshot hold TAG DATASET@NAME}. */
  @Command(name = "hold", description = "Add a hold tag; a held snapshot cannot be destroyed.")
  static final class Hold extends StorageCommand {
    @Parameters(index = "0", paramLabel = "TAG")
    String tag;

    @Parameters(index = "1", paramLabel = "DATASET@NAME")
    String name;

    @Override
    int run(StorageSession s, PrintWriter out) throws Exception {
      s.engine().hold(name, tag);
      return 0;
    }
  }

  /** {@code kiln snapshot release TAG DATASET@NAME}. */
  @Command(name = "release", description = "Remove a hold tag.")
  static final class Release extends StorageCommand {
    @Parameters(index = "0", paramLabel = "TAG")
    String tag;

    @Parameters(index = "1", paramLabel = "DATASET@NAME")
    String name;

    @Override
    int run(StorageSession s, PrintWriter out) throws Exception {
      s.engine().release(name, tag);
      return 0;
    }
  }

  /**
   * {@code kiln snapshot diff FROM [TO]}: {@code +} created, {@code -} deleted, {@code M}, {@code
   * R}.
   */
  @Command(
      name = "diff",
      description = "Paths changed between a snapshot and a later one or the head.")
  static final class Diff extends StorageCommand {
    @Parameters(index = "0", paramLabel = "DATASET@FROM")
    String from;

    @Parameters(
        index = "1",
        arity = "0..1",
        paramLabel = "TO",
        description = "Default: the dataset.")
    String to;

    @Override
    int run(StorageSession s, PrintWriter out) throws Exception {
      String target = to != null ? to : from.substring(0, from.indexOf('@'));
      for (DiffEntry e : s.engine().diff(from, target)) {
        String mark =
            switch (e.kind()) {
              case CREATED -> "+";
              case DELETED -> "-";
              case MODIFIED -> "M";
              case RENAMED -> "R";
            };
        out.println(
            mark + "\t" + e.path() + (e.kind() == DiffKind.RENAMED ? " -> " + e.newPath() : ""));
      }
      return 0;
    }
  }
}
