package dev.kiln.cli;

import dev.kiln.common.config.KilnConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** `kiln config`: the documented configuration template, and validation of a file. */
@Command(
    name = "config",
    description = "Configuration file tools.",
    subcommands = {ConfigCommand.Template.class, ConfigCommand.Check.class})
public final class ConfigCommand {

  /** Prints every option with its default. */
  @Command(name = "template", description = "Print every option, commented, with its default.")
  static final class Template implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      spec.commandLine().getOut().print(KilnConfig.template());
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  /** Validates the configuration file without starting anything. */
  @Command(name = "check", description = "Validate the configuration file.")
  static final class Check implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DataDirOptions dir;

    @Override
    public Integer call() throws Exception {
      dir.loadConfig();
      spec.commandLine().getOut().println(dir.configFile() + ": OK");
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
