package dev.kiln.cli.storage;

import dev.kiln.common.ByteSizes;
import dev.kiln.engine.api.manage.Dataset;
import dev.kiln.engine.api.manage.DatasetProperties;
import dev.kiln.engine.api.manage.DatasetProperty;
import dev.kiln.engine.api.manage.DatasetType;
import dev.kiln.engine.api.manage.PropertyMap;
import dev.kiln.engine.api.manage.PropertyValue;
import dev.kiln.engine.api.manage.SpaceUsage;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kiln dataset ...}: file systems and volumes, as zfs manages them. */
@Command(
    name = "dataset",
    description = "Manage datasets: file systems and volumes (local).",
    subcommands = {
      DatasetCommand.Create.class,
      DatasetCommand.ListDatasets.class,
      DatasetCommand.Get.class,
      DatasetCommand.Set.class,
      DatasetCommand.Inherit.class,
      DatasetCommand.Destroy.class,
      DatasetCommand.Rename.class
    })
public final class DatasetCommand implements StorageRoot {

  private final StorageAccess access;

  /** A dataset command opening the engine through {@code access}. */
  public DatasetCommand(StorageAccess access) {
    this.access = access;
  }

  @Override
  public StorageAccess access() {
    return access;
  }

  /** {@code kiln dataset create [-V SIZE] [-o p=v]... NAME}. */
  @Command(name = "create", description = "Create a file system, or a volume with -V.")
  static final class Create extends StorageCommand {
    @Parameters(paramLabel = "NAME", description = "Such as tank/home/alice.")
    String name;

    @Option(names = "-V", paramLabel = "SIZE", description = "Create a volume of this size.")
    String volumeSize;

    @Option(names = "-o", paramLabel = "PROPERTY=VALUE", description = "Property (repeatable).")
    List<String> properties = new ArrayList<>();

    @Override
    int run(StorageSession s, PrintWriter out) throws Exception {
      PropertyMap props = Properties.map(properties);
      DatasetType type = DatasetType.FILESYSTEM;
      if (volumeSize != null) {
        type = DatasetType.VOLUME;
        props = props.with(DatasetProperties.VOLSIZE, ByteSizes.parse(volumeSize));
      }
      Dataset d = s.engine().createDataset(name, type, props);
      out.printf("created %s %s%n", type.name().toLowerCase(java.util.Locale.ROOT), d.name());
      return 0;
    }
  }

  /** {@code kiln dataset list [-r] [NAME]}. */
  @Command(name = "list", description = "List datasets with their space.")
  static final class ListDatasets extends StorageCommand {
    @Parameters(arity = "0..1", paramLabel = "NAME")
    String name;

    @Option(names = "-r", description = "Include descendants (default when no NAME is given).")
    boolean recursive;

    @Mixin OutputFormat output;

    @Override
    int run(StorageSession s, PrintWriter out) throws Exception {
      boolean json = output.format().equals("json");
      List<Dataset> all = new ArrayList<>();
      if (name == null) {
        for (var pool : s.engine().pools()) {
          all.addAll(s.engine().datasets(pool.name(), true));
        }
      } else {
        all.addAll(s.engine().datasets(name, recursive));
      }
      List<List<Object>> rows = new ArrayList<>();
      for (Dataset d : all) {
        SpaceUsage u = d.space();
        rows.add(
            List.of(
                d.name(),
                d.type().name().toLowerCase(java.util.Locale.ROOT),
                json ? u.used() : ByteSizes.format(u.used()),
                json ? u.available() : ByteSizes.format(u.available()),
                json ? u.referenced() : ByteSizes.format(u.referenced())));
      }
      Output.rows(out, output.format(), List.of("NAME", "TYPE", "USED", "AVAIL", "REFER"), rows);
      return 0;
    }
  }

  /** {@code kiln dataset get PROPERTY[,PROPERTY...]|all NAME}. */
  @Command(name = "get", description = "Show properties with their source.")
  static final class Get extends StorageCommand {
    @Parameters(index = "0", paramLabel = "PROPERTIES", description = "Comma-separated, or all.")
    String which;

    @Parameters(index = "1", paramLabel = "NAME")
    String name;

    @Mixin OutputFormat output;

    @Override
    int run(StorageSession s, PrintWriter out) throws Exception {
      Dataset d = s.engine().dataset(name);
      List<PropertyValue<?>> values = new ArrayList<>();
      if (which.equals("all")) {
        values.addAll(d.properties());
      } else {
        for (String p : which.split(",")) {
          values.add(d.get(DatasetProperties.byName(p.strip())));
        }
      }
      List<List<Object>> rows = new ArrayList<>();
      for (PropertyValue<?> v : values) {
        String source =
            switch (v.source()) {
              case INHERITED -> "inherited from " + v.inheritedFrom();
              default -> v.source().name().toLowerCase(java.util.Locale.ROOT);
            };
        rows.add(List.of(d.name(), v.property().name(), v.formatted(), source));
      }
      Output.rows(out, output.format(), List.of("NAME", "PROPERTY", "VALUE", "SOURCE"), rows);
      return 0;
    }
  }

  /** {@code kiln dataset set PROPERTY=VALUE... NAME}. */
  @Command(name = "set", description = "Set properties locally.")
  static final class Set extends StorageCommand {
    @Parameters(arity = "2..*", paramLabel = "PROPERTY=VALUE... NAME")
    List<String> args;

    @Override
    int run(StorageSession s, PrintWriter out) throws Exception {
      Dataset d = s.engine().dataset(args.getLast());
      for (Map.Entry<String, String> e :
          Properties.pairs(args.subList(0, args.size() - 1)).entrySet()) {
        set(d, DatasetProperties.byName(e.getKey()), e.getValue());
      }
      return 0;
    }

    private static <T> void set(Dataset d, DatasetProperty<T> p, String text) throws Exception {
      d.set(p, p.parse(text));
    }
  }

  /** {@code kiln dataset inherit PROPERTY NAME}. */
  @Command(name = "inherit", description = "Drop a local setting so the value is inherited.")
  static final class Inherit extends StorageCommand {
    @Parameters(index = "0", paramLabel = "PROPERTY")
    String property;

    @Parameters(index = "1", paramLabel = "NAME")
    String name;

    @Override
    int run(StorageSession s, PrintWriter out) throws Exception {
      s.engine().dataset(name).inherit(DatasetProperties.byName(property));
      return 0;
    }
  }

  /** {@code kiln dataset destroy [-r] NAME}. */
  @Command(
      name = "destroy",
      description = "Destroy a dataset (and with -r its children and snapshots).")
  static final class Destroy extends StorageCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "-r", description = "Also destroy descendants and snapshots.")
    boolean recursive;

    @Override
    int run(StorageSession s, PrintWriter out) throws Exception {
      s.engine().destroyDataset(name, recursive);
      out.printf("destroyed %s%n", name);
      return 0;
    }
  }

  /** {@code kiln dataset rename OLD NEW}. */
  @Command(name = "rename", description = "Rename a dataset within its pool.")
  static final class Rename extends StorageCommand {
    @Parameters(index = "0", paramLabel = "OLD")
    String from;

    @Parameters(index = "1", paramLabel = "NEW")
    String to;

    @Override
    int run(StorageSession s, PrintWriter out) throws Exception {
      s.engine().renameDataset(from, to);
      out.printf("renamed %s to %s%n", from, to);
      return 0;
    }
  }
}
