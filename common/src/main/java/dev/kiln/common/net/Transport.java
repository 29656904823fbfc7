package dev.kiln.common.net;

/** The IP protocol a port row uses. */
public enum Transport {
  TCP,
  UDP,
  ICMP;

  /** Lower-case name as firewall tools spell it. */
  public String lowerName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
