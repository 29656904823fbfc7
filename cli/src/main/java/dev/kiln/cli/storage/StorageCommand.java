package dev.kiln.cli.storage;

import dev.kiln.cli.DataDirOptions;
import dev.kiln.cli.remote.Endpoint;
import dev.kiln.cli.remote.RemoteOptions;
import dev.kiln.cli.remote.RemoteStorageSession;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every local storage subcommand shares: the data directory and an open session. */
abstract class StorageCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin DataDirOptions dir;

  @Mixin RemoteOptions remote;

  /**
   * The API of {@code --host}, else the API of the daemon owning the local pools, else the pools
   * themselves.
   */
  private StorageSession open(StorageAccess access) throws Exception {
    if (remote.host() != null) {
      return RemoteStorageSession.open(new Endpoint(remote.host(), null));
    }
    var local = Endpoint.localDaemon(dir.dataDir());
    if (local.isPresent()) {
      return RemoteStorageSession.open(local.get());
    }
    return access.open(dir.dataDir());
  }

  /** The work of the command, with an open session. */
  abstract int run(StorageSession session, PrintWriter out) throws Exception;

  @Override
  public Integer call() throws Exception {
    StorageAccess access = null;
    for (CommandSpec s = spec; s != null && access == null; s = s.parent()) {
      if (s.userObject() instanceof StorageRoot root) {
        access = root.access();
      }
    }
    if (access == null) {
      throw new IllegalStateException("storage commands need a StorageRoot parent");
    }
    try (StorageSession session = open(access)) {
      int code = run(session, spec.commandLine().getOut());
      spec.commandLine().getOut().flush();
      return code;
    }
  }
}
