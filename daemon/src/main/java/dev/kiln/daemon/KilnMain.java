package dev.kiln.daemon;

import dev.kiln.cli.KilnCommand;

/** The {@code kiln} entry point: the CLI with the daemon's own subcommands added. */
public final class KilnMain {

  private KilnMain() {}

  /** Runs the command line and exits with its code (0 ok, 1 error, 2 usage). */
  public static void main(String[] args) {
    int code = KilnCommand.commandLine(new ServeCommand()).execute(args);
    System.exit(code);
  }
}
