package dev.kiln.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.testkit.InteropPeers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A non-root user cannot bind ports below 1024: `kiln ports` run as {@code nobody} must detect it
 * and show the +10000 offset, while {@code KILN_PORT_OFFSET=0} forces the real ports.
 */
class UnprivilegedPortsIT {

  @Test
  void detectsThatPrivilegedPortsNeedTheOffset() throws Exception {
    Assumptions.assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "needs root to switch to the unprivileged user 'nobody'");
    Path setpriv = InteropPeers.require("setpriv", "util-linux");
    String nobodyDir = "/tmp/kiln-unprivileged-" + ProcessHandle.current().pid();

    String auto = run(setpriv, nobodyDir, null);
    assertThat(auto).contains("Port offset: +10000 on listening ports below 1024");
    String ssh = auto.lines().filter(l -> l.startsWith("22 ")).findFirst().orElseThrow();
    assertThat(ssh).contains("10022");
    String api = auto.lines().filter(l -> l.startsWith("80, 443, 8443")).findFirst().orElseThrow();
    assertThat(api).contains("10080, 10443, 8443");

    String forced = run(setpriv, nobodyDir, "0");
    assertThat(forced).contains("Port offset: none (real ports)");
  }

  private static String run(Path setpriv, String dataDir, String envOffset) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.addAll(
        List.of(
            setpriv.toString(),
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar",
            KilnProcess.jar().toString(),
            "ports",
            "--data-dir",
            dataDir));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().remove("KILN_PORT_OFFSET");
    if (envOffset != null) {
      pb.environment().put("KILN_PORT_OFFSET", envOffset);
    }
    Process p = pb.start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
