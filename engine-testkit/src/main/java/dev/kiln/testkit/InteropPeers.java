package dev.kiln.testkit;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Real peers (independent programs from Debian packages) used by interop tests. Under {@code
 * CI=true} a missing peer fails the test; locally it skips with a loud line naming the package.
 */
public final class InteropPeers {

  private InteropPeers() {}

  /** The path of {@code command}, or fails/skips naming {@code debianPackage}. */
  public static Path require(String command, String debianPackage) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    // OpenSSH keeps sftp-server outside PATH.
    for (String dir : (path + File.pathSeparator + "/usr/lib/openssh").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, command);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    String message =
        "INTEROP PEER MISSING: '"
            + command
            + "' not found; install the Debian package '"
            + debianPackage
            + "' (apt-get install -y "
            + debianPackage
            + ")";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(message);
    }
    System.err.println("!!!!! " + message + " -- interop test SKIPPED !!!!!");
    Assumptions.abort(message);
    return null;
  }
}
