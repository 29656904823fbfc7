package dev.kiln.ssh.shell;

import dev.kiln.ssh.auth.SshUser;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;

/**
 * Runs one {@code kiln} command line in-process as a logged-in user, with that user's role. The
 * daemon provides it (it knows the CLI and how to give it the user's identity).
 */
@FunctionalInterface
public interface CliRunner {

  /** Runs {@code args} (without the leading "kiln") and returns the exit code. */
  int run(SshUser user, List<String> args, InputStream in, PrintStream out, PrintStream err)
      throws Exception;
}
