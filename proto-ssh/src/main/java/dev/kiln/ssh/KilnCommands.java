package dev.kiln.ssh;

import dev.kiln.ssh.shell.CliCommand;
import dev.kiln.ssh.shell.CliRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.command.CommandFactory;

/**
 * Exec requests (RFC 4254 §6.5): {@code kiln <args>} runs the CLI; anything else is refused with
 * status 127, as a shell reports an unknown command. SCP requests never get here: the SCP factory
 * in front of this one takes them.
 */
final class KilnCommands implements CommandFactory {

  private final CliRunner cli;

  KilnCommands(CliRunner cli) {
    this.cli = cli;
  }

  @Override
  public Command createCommand(ChannelSession channel, String command) {
    List<String> words;
    try {
      words = CommandFactory.split(command);
    } catch (IllegalArgumentException e) {
      return new Refused("kiln: cannot parse the command line: " + e.getMessage());
    }
    if (words.isEmpty() || !words.getFirst().equals("kiln")) {
      return new Refused(
          "kiln: only `kiln ...` commands (and scp/sftp) run on this appliance; try `kiln --help`");
    }
    return new CliCommand(cli, words.subList(1, words.size()));
  }

  /** Prints why and exits 127. */
  private static final class Refused implements Command {
    private final String message;
    private OutputStream err;
    private ExitCallback exit;

    Refused(String message) {
      this.message = message;
    }

    @Override
    public void setInputStream(InputStream in) {}

    @Override
    public void setOutputStream(OutputStream out) {}

    @Override
    public void setErrorStream(OutputStream err) {
      this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
      this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
      err.write((message + "\n").getBytes(StandardCharsets.UTF_8));
      err.flush();
      exit.onExit(127, message);
    }

    @Override
    public void destroy(ChannelSession channel) {}
  }
}
