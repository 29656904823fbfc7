package dev.kiln.iscsi;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the independent iSCSI initiators (libiscsi-bin, qemu-utils). Under {@code CI=true} a missing
 * peer fails the test; locally it skips with a loud line naming the Debian package.
 */
public final class PeerTools {

  /** A finished peer run. */
  public record Result(int exitCode, String output) {}

  private PeerTools() {}

  /** The path of {@code command}, or fails/skips naming {@code debianPackage}. */
  public static Path require(String command, String debianPackage) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, command);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    String message =
        "INTEROP PEER MISSING: '%s' not found; install the Debian package '%s' (apt-get install -y %s)"
            .formatted(command, debianPackage, debianPackage);
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(message);
    }
    System.err.println("!!!!! " + message + " -- interop test SKIPPED !!!!!");
    Assumptions.abort(message);
    return null;
  }

  /** Runs a peer to completion (bounded by {@code timeoutSeconds}), output and errors merged. */
  public static Result run(long timeoutSeconds, Path workDir, String... command)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(command));
    Path out = Files.createTempFile("peer", ".log");
    try {
      Process p =
          new ProcessBuilder(cmd)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        fail(
            "%s did not finish in %d s; output:%n%s"
                .formatted(cmd, timeoutSeconds, Files.readString(out, StandardCharsets.UTF_8)));
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
    }
  }
}
