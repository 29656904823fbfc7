package dev.kiln.daemon;

import dev.kiln.cli.KilnCommand;
import dev.kiln.cli.storage.CloneCommand;
import dev.kiln.cli.storage.DatasetCommand;
import dev.kiln.cli.storage.PoolCommand;
import dev.kiln.cli.storage.SnapshotCommand;
import dev.kiln.daemon.storage.LocalStorage;
import picocli.CommandLine;

/** The {@code kiln} entry point: the CLI with the daemon's own subcommands added. */
public final class KilnMain {

  private KilnMain() {}

  /** The full command line: CLI commands, {@code serve}, and local storage commands. */
  public static CommandLine commandLine() {
    LocalStorage storage = new LocalStorage();
    return KilnCommand.commandLine(
        new ServeCommand(),
        new PoolCommand(storage),
        new DatasetCommand(storage),
        new SnapshotCommand(storage),
        new CloneCommand(storage));
  }

  /** Runs the command line and exits with its code (0 ok, 1 error, 2 usage). */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
