package dev.kiln.cli;

import dev.kiln.common.config.KilnConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the appliance keeps its state, and its configuration file. */
public final class DataDirOptions {

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      defaultValue = "${env:KILN_DATA_DIR:-./kiln-data}",
      description = "Data directory (default: ${DEFAULT-VALUE}; env KILN_DATA_DIR).")
  Path dataDir;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Configuration file (default: <data-dir>/kiln.conf).")
  Path config;

  /** The data directory, absolute and normalized. */
  public Path dataDir() {
    return dataDir.toAbsolutePath().normalize();
  }

  /** The configuration file path. */
  public Path configFile() {
    return config != null ? config : dataDir().resolve("kiln.conf");
  }

  /** The configuration, or defaults when the file does not exist yet. */
  public KilnConfig loadConfig() throws IOException {
    Path file = configFile();
    return Files.exists(file) ? KilnConfig.load(file) : KilnConfig.defaults();
  }
}
