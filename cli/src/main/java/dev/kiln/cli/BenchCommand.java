package dev.kiln.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * `kiln bench`: end-to-end benchmarks against reference servers. Each benchmark is a subcommand
 * added by the module that owns it; without one, this lists what exists.
 */
@Command(name = "bench", description = "Run benchmarks against reference servers.")
public final class BenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    var subs = spec.subcommands().keySet();
    if (subs.isEmpty()) {
      spec.commandLine()
          .getErr()
          .println(
              "kiln bench: benchmarks live in the benchmarks module; run them through the"
                  + " launcher: ./kiln bench engine | ./kiln bench api");
      return 1;
    }
    spec.commandLine().getOut().println("Available benchmarks: " + String.join(", ", subs));
    spec.commandLine().getOut().flush();
    return 2;
  }
}
