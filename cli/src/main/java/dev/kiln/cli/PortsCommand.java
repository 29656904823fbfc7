package dev.kiln.cli;

import dev.kiln.cli.firewall.FirewallDialect;
import dev.kiln.cli.firewall.FirewallModel;
import dev.kiln.cli.ports.PortStatus;
import dev.kiln.cli.ports.PortTable;
import dev.kiln.cli.state.DataDirLock;
import dev.kiln.cli.state.RuntimeState;
import dev.kiln.common.config.KilnConfig;
import dev.kiln.common.config.PortPlans;
import dev.kiln.common.net.PortPlan;
import dev.kiln.common.net.PortRegistry;
import dev.kiln.common.net.PortRow;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `kiln ports`: the seed table with this node's ports and status, or firewall rules for it. */
@Command(
    name = "ports",
    description = "Print the network port table with bound ports and status, or firewall rules.")
public final class PortsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin DataDirOptions dir;

  @Mixin PortOptions ports;

  @Option(
      names = "--firewall",
      paramLabel = "TOOL",
      description = "Emit rules instead of the table: ${COMPLETION-CANDIDATES}.",
      converter = DialectConverter.class,
      completionCandidates = DialectNames.class)
  FirewallDialect firewall;

  @Option(
      names = "--ha-peer",
      paramLabel = "ADDR",
      description = "HA node or witness address allowed to ping (repeatable; default: any).")
  List<String> haPeers = new ArrayList<>();

  @Option(names = "--markdown", description = "Print the README's Markdown table.")
  boolean markdown;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (markdown) {
      out.print(PortTable.markdown());
      out.flush();
      return 0;
    }
    RuntimeState state = DataDirLock.isHeld(dir.dataDir()) ? readState() : null;
    PortPlan plan = plan(state);
    if (firewall != null) {
      for (String peer : haPeers) {
        if (!peer.matches("[0-9A-Fa-f:.]+(/[0-9]{1,3})?")) {
          throw new IllegalArgumentException("--ha-peer: not an IP address or network: " + peer);
        }
      }
      out.print(firewall.render(FirewallModel.of(plan, haPeers)));
    } else {
      List<PortStatus> rows = new ArrayList<>();
      for (PortRow row : PortRegistry.rows()) {
        rows.add(PortStatus.of(row, plan, state));
      }
      out.print(PortTable.text(rows, plan.portOffset(), plan.witnessInstance()));
      if (state == null) {
        out.println("Daemon: not running on " + dir.dataDir() + " (ports shown are planned).");
      } else {
        out.println("Daemon: running, pid " + state.pid() + ", since " + state.started() + ".");
      }
    }
    out.flush();
    return 0;
  }

  private RuntimeState readState() {
    try {
      return RuntimeState.read(dir.dataDir());
    } catch (java.io.IOException e) {
      return null; // starting up: the lock is held but the state is not written yet
    }
  }

  private PortPlan plan(RuntimeState state) throws java.io.IOException {
    KilnConfig config = dir.loadConfig();
    if (state != null && !ports.given()) {
      // The running daemon's choices are the truth; overrides still come from the file.
      return PortPlans.fromConfig(config, state.portOffset(), state.witnessInstance(), null);
    }
    return ports.plan(config);
  }

  /** Accepts dialect names in any case. */
  static final class DialectConverter
      implements picocli.CommandLine.ITypeConverter<FirewallDialect> {
    @Override
    public FirewallDialect convert(String value) {
      try {
        return FirewallDialect.valueOf(value.toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(
            "expected one of nftables, firewalld, iptables but was '" + value + "'");
      }
    }
  }

  /** The dialect names for help and completion. */
  static final class DialectNames extends ArrayList<String> {
    DialectNames() {
      super(List.of("nftables", "firewalld", "iptables"));
    }
  }
}
