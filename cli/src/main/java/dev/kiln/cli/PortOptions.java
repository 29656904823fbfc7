package dev.kiln.cli;

import dev.kiln.common.config.KilnConfig;
import dev.kiln.common.config.PortPlans;
import dev.kiln.common.net.PortPlan;
import picocli.CommandLine.Option;

/** The command-line overrides of the port plan, shared by `kiln serve` and `kiln ports`. */
public final class PortOptions {

  @Option(
      names = "--port-offset",
      paramLabel = "N",
      description = "Offset for listening ports below 1024 (0 = real ports; default: auto).")
  Integer portOffset;

  @Option(
      names = "--witness-instance",
      paramLabel = "N",
      description = "hiavd/confd instance number on a witness (instance N: hiavd on 4745+N).")
  Integer witnessInstance;

  /** Whether either option was given. */
  public boolean given() {
    return portOffset != null || witnessInstance != null;
  }

  /** The plan from the configuration, these options and {@code KILN_PORT_OFFSET}. */
  public PortPlan plan(KilnConfig config) {
    return PortPlans.fromConfig(
        config, portOffset, witnessInstance, System.getenv("KILN_PORT_OFFSET"));
  }
}
