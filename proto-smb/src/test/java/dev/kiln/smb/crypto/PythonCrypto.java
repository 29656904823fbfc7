package dev.kiln.smb.crypto;

import static org.junit.jupiter.api.Assertions.fail;

import dev.kiln.testkit.InteropPeers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The Python "cryptography" package (Debian python3-cryptography, OpenSSL underneath) as an
 * independent implementation of SP800-108, AES-CMAC, AES-GMAC, AES-CCM and AES-GCM.
 */
final class PythonCrypto {

  private PythonCrypto() {}

  /** Runs {@code script} with hex arguments; returns its stdout lines. */
  static List<String> run(String script, String... args) throws IOException, InterruptedException {
    // Debian's interpreter, which python3-cryptography installs into, before any other on PATH.
    Path debian = Path.of("/usr/bin/python3");
    Path python =
        java.nio.file.Files.isExecutable(debian)
            ? debian
            : InteropPeers.require("python3", "python3-cryptography");
    List<String> cmd = new ArrayList<>(List.of(python.toString(), "-c", script));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int rc = p.waitFor();
    if (rc != 0 && out.contains("No module named 'cryptography'")) {
      String message =
          "INTEROP PEER MISSING: python3 module 'cryptography'; install the Debian package "
              + "'python3-cryptography'";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(message);
      }
      System.err.println("!!!!! " + message + " -- interop test SKIPPED !!!!!");
      Assumptions.abort(message);
    }
    if (rc != 0) {
      fail("python3 failed (" + rc + "): " + out);
    }
    return out.lines().toList();
  }
}
