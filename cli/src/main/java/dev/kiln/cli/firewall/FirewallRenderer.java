package dev.kiln.cli.firewall;

/** Turns a {@link FirewallModel} into a script for one firewall tool. */
interface FirewallRenderer {

  /** The complete script, ending with a newline. */
  String render(FirewallModel model);
}
