package dev.kiln.cli.remote;

import picocli.CommandLine.Option;

/** {@code --host}: manage another appliance through its API instead of the local one. */
public final class RemoteOptions {

  @Option(
      names = "--host",
      paramLabel = "HOST[:PORT]",
      description = "Appliance to manage through its REST API (after `kiln login --host`).")
  String host;

  /** The host, or null for the local appliance. */
  public String host() {
    if (host == null) {
      return null;
    }
    return host.contains(":") ? host : host + ":443";
  }
}
