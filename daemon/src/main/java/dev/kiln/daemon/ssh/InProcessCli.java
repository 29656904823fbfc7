package dev.kiln.daemon.ssh;

import dev.kiln.cli.remote.ActingUser;
import dev.kiln.cli.remote.Endpoint;
import dev.kiln.daemon.KilnMain;
import dev.kiln.mgmt.auth.SessionTokens;
import dev.kiln.ssh.auth.SshUser;
import dev.kiln.ssh.shell.CliRunner;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * Runs {@code kiln} command lines for SSH users inside the daemon: the CLI gets a session token of
 * the user, valid for this one command line (revoked when it ends), and talks to the local API with
 * it, so the API enforces the user's role and the audit trail names the user.
 *
 * <p>Commands that only make sense on the appliance's own console are not offered: {@code serve},
 * {@code login} (the session is logged in already), {@code bench} and {@code config}.
 */
public final class InProcessCli implements CliRunner {

  static final Set<String> CONSOLE_ONLY = Set.of("serve", "login", "bench", "config");

  private final Supplier<SessionTokens> sessions;
  private final Supplier<Endpoint> api;

  /**
   * @param sessions the session tokens of the running configuration service
   * @param api the local API endpoint (port and certificate) while it runs
   */
  public InProcessCli(Supplier<SessionTokens> sessions, Supplier<Endpoint> api) {
    this.sessions = sessions;
    this.api = api;
  }

  @Override
  public int run(SshUser user, List<String> args, InputStream in, PrintStream out, PrintStream err)
      throws Exception {
    CommandLine cl = KilnMain.commandLine();
    for (String name : CONSOLE_ONLY) {
      cl.getCommandSpec().removeSubcommand(name);
    }
    PrintWriter o = new PrintWriter(out, true, StandardCharsets.UTF_8);
    PrintWriter e = new PrintWriter(err, true, StandardCharsets.UTF_8);
    cl.setOut(o);
    cl.setErr(e);
    SessionTokens tokens = sessions.get();
    String token = tokens.issue(user.name());
    String id = tokens.verify(token).orElseThrow().id();
    try {
      ActingUser acting = new ActingUser(api.get(), user.name(), token, in);
      return ScopedValue.where(ActingUser.CURRENT, acting)
          .call(() -> cl.execute(args.toArray(String[]::new)));
    } finally {
      tokens.revoke(id);
      o.flush();
      e.flush();
    }
  }
}
