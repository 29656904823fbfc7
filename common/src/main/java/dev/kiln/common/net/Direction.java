package dev.kiln.common.net;

/** Which side opens the connection, as the seed table states it. */
public enum Direction {
  /** Peers connect to Kiln: Kiln listens. */
  INBOUND,
  /** Kiln connects to peers. */
  OUTBOUND,
  /** Both: Kiln listens and also connects out (HA peers, SSH replication). */
  BIDIRECTIONAL;

  /** Whether traffic may arrive unsolicited (firewall input rules). */
  public boolean acceptsInbound() {
    return this != OUTBOUND;
  }

  /** Whether Kiln opens connections (firewall output rules). */
  public boolean opensOutbound() {
    return this != INBOUND;
  }

  /** The seed's spelling: lower case. */
  public String seedName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
