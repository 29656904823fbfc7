package dev.kiln.cli.storage;

import dev.kiln.engine.api.manage.Dataset;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kiln clone DATASET@SNAP NEW}: a writable dataset starting from a snapshot. */
@Command(name = "clone", description = "Create a writable dataset from a snapshot (local).")
public final class CloneCommand extends StorageCommand implements StorageRoot {

  private final StorageAccess access;

  @Parameters(index = "0", paramLabel = "DATASET@SNAP")
  String snapshot;

  @Parameters(index = "1", paramLabel = "NEW")
  String name;

  @Option(names = "-o", paramLabel = "PROPERTY=VALUE", description = "Property (repeatable).")
  List<String> properties = new ArrayList<>();

  /** A clone command opening the engine through {@code access}. */
  public CloneCommand(StorageAccess access) {
    this.access = access;
  }

  @Override
  public StorageAccess access() {
    return access;
  }

  @Override
  int run(StorageSession s, PrintWriter out) throws Exception {
    Dataset d = s.engine().clone(snapshot, name, Properties.map(properties));
    out.printf("created clone %s of %s%n", d.name(), snapshot);
    return 0;
  }
}
