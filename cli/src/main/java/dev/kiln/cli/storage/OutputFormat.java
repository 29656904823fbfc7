package dev.kiln.cli.storage;

import picocli.CommandLine.Option;

/** {@code -o table|json} for listing commands. */
final class OutputFormat {

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "Output format: table or json (default: ${DEFAULT-VALUE}).")
  String format;

  /** The validated format. */
  String format() {
    if (!format.equals("table") && !format.equals("json")) {
      throw new IllegalArgumentException("--output must be table or json, not '" + format + "'");
    }
    return format;
  }
}
