package dev.kiln.ssh.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CliShellTest {

  static String read(String input, boolean tty) throws IOException {
    PrintStream echo = tty ? new PrintStream(new ByteArrayOutputStream()) : null;
    return CliShell.readLine(
        new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), echo);
  }

  @Test
  void linesEndAtCrOrLfAndEndOfInputIsNull() throws IOException {
    assertThat(read("pool list\n", false)).isEqualTo("pool list");
    assertThat(read("pool list\r", true)).isEqualTo("pool list");
    assertThat(read("", false)).isNull();
    assertThat(read("no newline", false)).isEqualTo("no newline");
  }

  @Test
  void terminalEditingHandlesBackspaceCtrlCAndCtrlD() throws IOException {
    assertThat(read("poox\u007fl list\r", true)).isEqualTo("pool list");
    assertThat(read("é\u007f\r", true)).isEmpty();
    assertThat(read("abc\u0003", true)).isEmpty();
    assertThat(read("\u0004", true)).isNull();
    assertThat(read("a\u0001\u001b\r", true)).isEqualTo("a");
  }

  @Test
  void oversizedLinesAreRefused() {
    String huge = "x".repeat(CliShell.MAX_LINE + 10);
    assertThatThrownBy(() -> read(huge, false)).isInstanceOf(IOException.class);
  }

  @Test
  void randomInputNeverEscapesTheReader() throws IOException {
    Random r = new Random(11);
    for (int i = 0; i < 2000; i++) {
      byte[] b = new byte[r.nextInt(300)];
      r.nextBytes(b);
      ByteArrayInputStream in = new ByteArrayInputStream(b);
      boolean tty = r.nextBoolean();
      PrintStream echo = tty ? new PrintStream(new ByteArrayOutputStream()) : null;
      int lines = 0;
      for (String line; (line = CliShell.readLine(in, echo)) != null; lines++) {
        assertThat(line.length()).isLessThanOrEqualTo(b.length);
      }
      if (!tty) { // without a terminal only the end of input ends the shell
        assertThat(in.available()).isZero();
      }
      assertThat(lines).isLessThanOrEqualTo(b.length);
    }
  }
}
