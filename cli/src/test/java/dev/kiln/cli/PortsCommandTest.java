package dev.kiln.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.common.net.PortRegistry;
import dev.kiln.common.net.PortRow;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PortsCommandTest {

  @TempDir Path dir;

  private record Run(int code, String out, String err) {}

  private Run run(String... args) {
    CommandLine cl = KilnCommand.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void listsAllRowsWithEverySeedPort() {
    Run r = run("ports", "--data-dir", dir.toString(), "--port-offset", "0");
    assertThat(r.code()).isZero();
    String[] lines = r.out().split("\n");
    // header + 26 rows
    assertThat(lines[0]).startsWith("Ports").contains("Bound").contains("Status");
    for (int i = 0; i < PortRegistry.rows().size(); i++) {
      PortRow row = PortRegistry.rows().get(i);
      assertThat(lines[i + 1]).startsWith(row.portsLabel()).contains(row.purpose());
    }
    assertThat(r.out()).contains("daemon stopped").contains("ICMP echo");
  }

  @Test
  void witnessInstanceAndOffsetShowInBoundColumn() {
    Run r =
        run(
            "ports",
            "--data-dir",
            dir.toString(),
            "--port-offset",
            "10000",
            "--witness-instance",
            "3");
    assertThat(r.code()).isZero();
    String hiavd = r.out().lines().filter(l -> l.startsWith("4746 ")).findFirst().orElseThrow();
    assertThat(hiavd).contains("4748");
    String ssh = r.out().lines().filter(l -> l.startsWith("22 ")).findFirst().orElseThrow();
    assertThat(ssh).contains("10022");
  }

  @Test
  void firewallDialectsAreSelectable() {
    assertThat(run("ports", "--data-dir", dir.toString(), "--firewall", "nftables").out())
        .startsWith("#!/usr/sbin/nft -f");
    assertThat(run("ports", "--data-dir", dir.toString(), "--firewall", "IPTABLES").out())
        .contains("iptables-restore");
    Run bad = run("ports", "--data-dir", dir.toString(), "--firewall", "pf");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("expected one of nftables, firewalld, iptables");
  }

  @Test
  void badHaPeerIsAnError() {
    Run r =
        run("ports", "--data-dir", dir.toString(), "--firewall", "nftables", "--ha-peer", "x;rm");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("not an IP address");
  }

  @Test
  void badConfigIsReportedByName() throws IOException {
    Files.writeString(dir.resolve("kiln.conf"), "ports.nfs = 2049,1\n");
    Run r = run("ports", "--data-dir", dir.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("ports.nfs: invalid value '2049,1'");
  }

  @Test
  void readmeTableIsTheRegistrysTable() throws IOException {
    String root = System.getenv("KILN_SOURCE_ROOT");
    Path readme = Path.of(root == null ? ".." : root).resolve("README.md");
    String text = Files.readString(readme);
    String begin = "<!-- ports:begin (generated: ./kiln ports --markdown) -->\n";
    String end = "<!-- ports:end -->";
    assertThat(text).contains(begin).contains(end);
    String table = text.substring(text.indexOf(begin) + begin.length(), text.indexOf(end));
    assertThat(table).isEqualTo(run("ports", "--markdown").out());
  }

  @Test
  void benchWithoutTheBenchmarksModuleSaysWhereTheyAre() {
    Run r = run("bench");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("./kiln bench engine");
  }
}
