package dev.kiln.cli.firewall;

/** Firewall tools Kiln emits rules for; each renders a {@link FirewallModel} as a script. */
public enum FirewallDialect {
  NFTABLES(new NftablesRules()),
  FIREWALLD(new FirewalldRules()),
  IPTABLES(new IptablesRules());

  private final FirewallRenderer renderer;

  FirewallDialect(FirewallRenderer renderer) {
    this.renderer = renderer;
  }

  /** Renders the model in this dialect. */
  public String render(FirewallModel model) {
    return renderer.render(model);
  }
}
