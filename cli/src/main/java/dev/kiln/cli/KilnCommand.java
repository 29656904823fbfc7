package dev.kiln.cli;

import dev.kiln.common.KilnVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The top-level {@code kiln} command. Subcommands that need the daemon's wiring ({@code serve}) are
 * added by the daemon module; {@code test} is run by the launcher script, which owns the build.
 */
@Command(
    name = "kiln",
    mixinStandardHelpOptions = true,
    versionProvider = KilnCommand.Version.class,
    description = "Kiln storage appliance.",
    subcommands = {
      PortsCommand.class,
      dev.kiln.cli.remote.LoginCommand.class,
      dev.kiln.cli.remote.UserCommand.class,
      dev.kiln.cli.remote.AdminCommands.Group.class,
      dev.kiln.cli.remote.AdminCommands.Token.class,
      dev.kiln.cli.remote.AdminCommands.Job.class,
      dev.kiln.cli.remote.AdminCommands.Audit.class,
      dev.kiln.cli.remote.AdminCommands.Service.class,
      dev.kiln.cli.remote.AdminCommands.SystemInfo.class,
      dev.kiln.cli.remote.IscsiCommand.class,
      ConfigCommand.class,
      BenchCommand.class,
      VersionCommand.class
    },
    footer = {"", "Also: `./kiln test` runs the whole test suite (unit, integration, interop)."})
public final class KilnCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Builds the command line with error handling: messages, not stack traces, for user errors. */
  public static CommandLine commandLine(Object... extraSubcommands) {
    CommandLine cl = new CommandLine(new KilnCommand());
    for (Object sub : extraSubcommands) {
      cl.addSubcommand(sub);
    }
    cl.setExecutionExceptionHandler(
        (ex, line, parseResult) -> {
          line.getErr().println(line.getCommandSpec().qualifiedName() + ": " + message(ex));
          line.getErr().flush();
          return 1;
        });
    return cl;
  }

  private static String message(Throwable ex) {
    String m = ex.getMessage();
    return m == null ? ex.getClass().getSimpleName() : m;
  }

  /** Supplies {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"kiln " + KilnVersion.version()};
    }
  }
}
