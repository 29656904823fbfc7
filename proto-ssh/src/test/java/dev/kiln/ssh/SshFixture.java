package dev.kiln.ssh;

import dev.kiln.engine.api.manage.EngineOptions;
import dev.kiln.engine.api.manage.PropertyMap;
import dev.kiln.engine.api.manage.StorageEngine;
import dev.kiln.engine.api.manage.StorageEngineProvider;
import dev.kiln.engine.api.manage.VdevSpec;
import dev.kiln.ssh.auth.SshUser;
import dev.kiln.ssh.auth.SshUsers;
import dev.kiln.ssh.shell.CliRunner;
import dev.kiln.testkit.InteropPeers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/**
 * A real engine pool on a sparse file, the SSH service on an ephemeral port, users with passwords
 * and OpenSSH keys, and helpers to run the OpenSSH client against it.
 */
final class SshFixture implements AutoCloseable {

  /** One test user. */
  record Account(String password, SshUser user, Path key) {}

  final Path dir;
  final StorageEngine engine;
  final SshService service;
  final Map<String, Account> accounts = new ConcurrentHashMap<>();
  final List<String> cliCalls = new ArrayList<>();

  SshFixture(Path dir, CliRunner cli) throws Exception {
    this.dir = dir;
    engine = StorageEngineProvider.load().open(EngineOptions.defaults(Clock.systemUTC()));
    engine.createPool(
        "tank", List.of(new VdevSpec(dir.resolve("tank.img"), 8L << 30)), PropertyMap.empty());
    SshUsers users =
        new SshUsers() {
          @Override
          public Optional<SshUser> password(String user, char[] password) {
            Account a = accounts.get(user);
            return a != null && Arrays.equals(a.password().toCharArray(), password)
                ? Optional.of(a.user())
                : Optional.empty();
          }

          @Override
          public Optional<SshUser> publicKey(String user, PublicKey key) throws IOException {
            Account a = accounts.get(user);
            if (a == null || a.key() == null) {
              return Optional.empty();
            }
            String line = Files.readString(a.key().resolveSibling(a.key().getFileName() + ".pub"));
            try {
              PublicKey allowed =
                  AuthorizedKeyEntry.parseAuthorizedKeyEntry(line.strip())
                      .resolvePublicKey(null, PublicKeyEntryResolver.FAILING);
              return KeyUtils.compareKeys(allowed, key) ? Optional.of(a.user()) : Optional.empty();
            } catch (java.security.GeneralSecurityException e) {
              throw new IOException(e);
            }
          }
        };
    service =
        new SshService(
            new SshSettings("127.0.0.1", 0, dir.resolve("hostkeys")),
            () -> engine,
            users,
            cli,
            List.of(),
            () -> true);
    service.start();
  }

  /** Adds a user with a password and a fresh ed25519 key made by ssh-keygen. */
  Account addUser(String name, long uid, SshUser.FileAccess access) throws Exception {
    Path key = dir.resolve("id_" + name);
    run(
        List.of(
            InteropPeers.require("ssh-keygen", "openssh-client").toString(),
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-f",
            key.toString()),
        null);
    Account a =
        new Account("pw-" + name + "-secret", new SshUser(name, uid, List.of(), access), key);
    accounts.put(name, a);
    return a;
  }

  /** Options every OpenSSH invocation gets: this port, no host key prompts, no agent or config. */
  List<String> common(String tool) {
    List<String> o = new ArrayList<>();
    o.addAll(
        List.of(
            tool.equals("ssh") ? "-p" : "-P",
            Integer.toString(service.boundPort()),
            "-F",
            "/dev/null",
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "LogLevel=ERROR",
            "-o",
            "IdentityAgent=none"));
    return o;
  }

  /** Options to log in with the account's key only. */
  List<String> keyAuth(Account a) {
    return List.of(
        "-o",
        "BatchMode=yes",
        "-o",
        "PreferredAuthentications=publickey",
        "-o",
        "IdentitiesOnly=yes",
        "-i",
        a.key().toString());
  }

  /** A finished process. */
  record Result(int exit, String out, String err) {}

  /** Runs a command with a bounded wait, feeding {@code stdin} when given. */
  static Result run(List<String> command, byte[] stdin) throws Exception {
    Path out = Files.createTempFile("ssh-out", ".txt");
    Path err = Files.createTempFile("ssh-err", ".txt");
    try {
      ProcessBuilder pb = new ProcessBuilder(command);
      pb.redirectOutput(out.toFile());
      pb.redirectError(err.toFile());
      Process p = pb.start();
      if (stdin != null) {
        try (var o = p.getOutputStream()) {
          o.write(stdin);
        }
      } else {
        p.getOutputStream().close();
      }
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + command);
      }
      return new Result(
          p.exitValue(),
          Files.readString(out, StandardCharsets.ISO_8859_1),
          Files.readString(err, StandardCharsets.ISO_8859_1));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  @Override
  public void close() throws Exception {
    service.stop();
    engine.close();
  }
}
