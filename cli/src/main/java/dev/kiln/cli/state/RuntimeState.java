package dev.kiln.cli.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a running daemon publishes in {@code <data-dir>/run/state.json} for local tools: its pid,
 * the ports it actually bound and each service's health. Written atomically (rename); read by `kiln
 * ports` while the daemon holds the data-directory lock.
 *
 * @param pid the daemon's process id
 * @param version the daemon's version
 * @param started when it started
 * @param portOffset the offset it applied to privileged ports
 * @param witnessInstance its witness instance number
 * @param bound bound ports per registry row key, in the seed's port order (absent: not bound)
 * @param services health per service name, such as {@code UP} or {@code FAILED: reason}
 */
public record RuntimeState(
    long pid,
    String version,
    Instant started,
    int portOffset,
    int witnessInstance,
    Map<String, List<Integer>> bound,
    Map<String, String> services) {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .findAndRegisterModules()
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT);

  /** The state file inside a data directory. */
  public static Path file(Path dataDir) {
    return dataDir.resolve("run").resolve("state.json");
  }

  /** Writes the state atomically, so a reader never sees half a file. */
  public void write(Path dataDir) throws IOException {
    Path target = file(dataDir);
    Files.createDirectories(target.getParent());
    Path tmp = target.resolveSibling("state.json.tmp");
    JSON.writeValue(tmp.toFile(), this);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Reads the state file of a data directory. */
  public static RuntimeState read(Path dataDir) throws IOException {
    return JSON.readValue(file(dataDir).toFile(), RuntimeState.class);
  }
}
