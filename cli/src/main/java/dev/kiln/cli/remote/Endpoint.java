package dev.kiln.cli.remote;

import dev.kiln.cli.state.DataDirLock;
import dev.kiln.cli.state.RuntimeState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the management API of an appliance is and which certificate it presents.
 *
 * @param host host:port
 * @param certificatePem the certificate to trust
 */
public record Endpoint(String host, String certificatePem) {

  /** The API of the daemon running on {@code dataDir}, if one runs. */
  public static Optional<Endpoint> localDaemon(Path dataDir) throws IOException {
    Optional<ActingUser> acting = ActingUser.current();
    if (acting.isPresent()) {
      return Optional.of(acting.get().endpoint()); // in-process for an SSH user
    }
    if (!DataDirLock.isHeld(dataDir) || !Files.exists(RuntimeState.file(dataDir))) {
      return Optional.empty();
    }
    RuntimeState state = RuntimeState.read(dataDir);
    var ports = state.bound().get("bsrapid");
    if (ports == null || ports.size() < 2) {
      return Optional.empty();
    }
    return Optional.of(
        new Endpoint(
            "localhost:" + ports.get(1),
            Files.readString(dataDir.resolve("identity").resolve("tls-cert.pem"))));
  }
}
