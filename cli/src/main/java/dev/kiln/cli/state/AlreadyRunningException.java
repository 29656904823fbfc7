package dev.kiln.cli.state;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Another Kiln process already owns the data directory. */
public final class AlreadyRunningException extends IOException {

  /** Names the directory and, when known, the process holding it. */
  public AlreadyRunningException(Path dataDir, Optional<Long> pid) {
    super(
        "Kiln is already running on data directory %s%s; stop it first (or use another --data-dir)"
            .formatted(dataDir, pid.map(p -> " (pid " + p + ")").orElse("")));
  }
}
