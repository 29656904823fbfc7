package dev.kiln.bench;

import dev.kiln.daemon.KilnMain;
import picocli.CommandLine;

/** {@code kiln} with the benchmarks attached under {@code kiln bench}. */
public final class BenchMain {

  private BenchMain() {}

  /** Runs the command line; the launcher sends {@code ./kiln bench ...} here. */
  public static void main(String[] args) {
    CommandLine cl = KilnMain.commandLine();
    cl.getSubcommands().get("bench").addSubcommand(new EngineBench());
    cl.getSubcommands().get("bench").addSubcommand(new ApiLoadBench());
    cl.getSubcommands().get("bench").addSubcommand(new NfsBench());
    cl.getSubcommands().get("bench").addSubcommand(new IscsiBench());
    cl.getSubcommands().get("bench").addSubcommand(new SftpBench());
    cl.getSubcommands().get("bench").addSubcommand(new SmbBench());
    cl.getSubcommands().get("bench").addSubcommand(new VolumeBench());
    System.exit(cl.execute(args));
  }
}
