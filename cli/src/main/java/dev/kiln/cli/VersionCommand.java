package dev.kiln.cli;

import dev.kiln.common.KilnVersion;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** `kiln version`: the version of this build and of the Java runtime. */
@Command(name = "version", description = "Print the Kiln version and the Java runtime.")
public final class VersionCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine()
        .getOut()
        .printf(
            "kiln %s%njava %s (%s)%n",
            KilnVersion.version(), Runtime.version(), System.getProperty("java.vm.vendor"));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
