package dev.kiln.ssh.shell;

import dev.kiln.ssh.auth.SshUser;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.command.CommandFactory;

/**
 * The interactive shell: a {@code kiln>} prompt that runs each line as a CLI command line ("kiln"
 * in front is optional); {@code exit} or end of input leaves.
 *
 * <p>With a pseudo-terminal the client's terminal is raw, so the shell echoes what is typed,
 * handles backspace and Ctrl-C/Ctrl-D itself, and ends lines with CR LF (the tty's ONLCR).
 */
public final class CliShell extends CliCommand {

  private static final String PROMPT = "kiln> ";

  /** Longest command line accepted; a longer one ends the shell rather than fill the heap. */
  static final int MAX_LINE = 64 * 1024;

  /** A shell running commands through {@code cli}. */
  public CliShell(CliRunner cli) {
    super(cli, List.of());
  }

  @Override
  int body(SshUser user, Environment env) throws Exception {
    // A pty-req (RFC 4254 §6.2) sets TERM; its mode list may be empty (ssh -tt from a pipe).
    boolean tty = env.getEnv().containsKey(Environment.ENV_TERM) || !env.getPtyModes().isEmpty();
    OutputStream rawOut = tty ? new CrLf(out) : out;
    OutputStream rawErr = tty ? new CrLf(err) : err;
    try (PrintStream o = new PrintStream(rawOut, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(tty ? rawOut : rawErr, true, StandardCharsets.UTF_8)) {
      o.println(
          "Kiln appliance shell: type a kiln command (`help` for the list, `exit` to leave).");
      while (true) {
        o.print(PROMPT);
        o.flush();
        String line = readLine(in, tty ? o : null);
        if (line == null) {
          o.println();
          return 0;
        }
        List<String> words;
        try {
          words = CommandFactory.split(line.strip());
        } catch (IllegalArgumentException x) {
          e.println("kiln: " + x.getMessage());
          continue;
        }
        if (!words.isEmpty() && words.getFirst().equals("kiln")) {
          words = words.subList(1, words.size());
        }
        if (words.isEmpty()) {
          continue;
        }
        if (words.getFirst().equals("exit") || words.getFirst().equals("quit")) {
          return 0;
        }
        if (words.getFirst().equals("help")) {
          words = List.of("--help");
        }
        run(user, words, o, e);
      }
    }
  }

  /**
   * Reads one line; with {@code echo} (a tty) echoes and edits it. Returns null at end of input or
   * Ctrl-D on an empty line.
   */
  static String readLine(InputStream in, PrintStream echo) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      int c = in.read();
      if (c < 0) {
        return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
      }
      if (line.size() >= MAX_LINE) {
        throw new IOException("command line longer than " + MAX_LINE + " bytes");
      }
      if (c == '\n' || c == '\r') {
        if (echo != null) {
          echo.print("\n");
          echo.flush();
        }
        return line.toString(StandardCharsets.UTF_8);
      }
      if (echo == null) {
        line.write(c);
        continue;
      }
      switch (c) {
        case 4 -> { // Ctrl-D
          if (line.size() == 0) {
            return null;
          }
        }
        case 3 -> { // Ctrl-C: drop the line
          echo.print("^C\n");
          echo.flush();
          return "";
        }
        case 127, 8 -> { // backspace
          if (line.size() > 0) {
            byte[] b = line.toByteArray();
            int cut = b.length - 1;
            while (cut > 0 && (b[cut] & 0xC0) == 0x80) {
              cut--; // remove a whole UTF-8 character
            }
            line.reset();
            line.write(b, 0, cut);
            echo.print("\b \b");
            echo.flush();
          }
        }
        default -> {
          if (c >= 0x20 || c == '\t') {
            line.write(c);
            echo.write(c);
            echo.flush();
          }
        }
      }
    }
  }

  /** Turns LF into CR LF, as a terminal's output processing would. */
  private static final class CrLf extends FilterOutputStream {
    CrLf(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      if (b == '\n') {
        out.write('\r');
      }
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      int start = off;
      for (int i = off; i < off + len; i++) {
        if (b[i] == '\n') {
          out.write(b, start, i - start);
          out.write('\r');
          start = i;
        }
      }
      out.write(b, start, off + len - start);
    }
  }
}
