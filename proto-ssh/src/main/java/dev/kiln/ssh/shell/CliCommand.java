package dev.kiln.ssh.shell;

import dev.kiln.ssh.SshSessions;
import dev.kiln.ssh.auth.SshUser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ssh host kiln <args>}: runs one CLI command line as the logged-in user on a virtual thread
 * and reports its exit status (RFC 4254 §6.10).
 */
public class CliCommand implements Command {

  private static final Logger LOG = LoggerFactory.getLogger(CliCommand.class);

  private final CliRunner cli;
  private final List<String> args;
  InputStream in;
  OutputStream out;
  OutputStream err;
  private ExitCallback exit;
  private Thread thread;

  /** A command that runs {@code args} (without "kiln"). */
  public CliCommand(CliRunner cli, List<String> args) {
    this.cli = cli;
    this.args = List.copyOf(args);
  }

  @Override
  public void setInputStream(InputStream in) {
    this.in = in;
  }

  @Override
  public void setOutputStream(OutputStream out) {
    this.out = out;
  }

  @Override
  public void setErrorStream(OutputStream err) {
    this.err = err;
  }

  @Override
  public void setExitCallback(ExitCallback callback) {
    this.exit = callback;
  }

  @Override
  public void start(ChannelSession channel, Environment env) {
    SshUser user = SshSessions.user(channel.getSession());
    thread =
        Thread.ofVirtual()
            .name("ssh-cli-" + user.name())
            .start(
                () -> {
                  int code;
                  try {
                    code = body(user, env);
                  } catch (Exception | LinkageError e) {
                    LOG.warn("kiln command of {} failed", user.name(), e);
                    code = 1;
                  }
                  exit.onExit(code);
                });
  }

  /** The work; the exit status is returned. */
  int body(SshUser user, Environment env) throws Exception {
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      return run(user, args, o, e);
    }
  }

  /** Runs one command line, turning a crash into a message and status 1. */
  int run(SshUser user, List<String> line, PrintStream o, PrintStream e) {
    try {
      return cli.run(user, line, in, o, e);
    } catch (Exception x) {
      e.println(
          "kiln: " + (x.getMessage() == null ? x.getClass().getSimpleName() : x.getMessage()));
      return 1;
    } finally {
      o.flush();
      e.flush();
    }
  }

  @Override
  public void destroy(ChannelSession channel) throws IOException {
    if (thread != null) {
      thread.interrupt();
    }
  }
}
