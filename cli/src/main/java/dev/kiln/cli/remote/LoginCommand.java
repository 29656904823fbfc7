package dev.kiln.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.cli.DataDirOptions;
import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kiln login}: exchanges a password for a token and keeps the token (never the password) in
 * the credentials file, with the appliance's certificate pinned.
 */
@Command(
    name = "login",
    description = "Log in to the local daemon or --host; keeps a token (0600).")
public final class LoginCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin DataDirOptions dir;

  @Mixin RemoteOptions remote;

  @Option(
      names = "--user",
      defaultValue = "admin",
      description = "User (default: ${DEFAULT-VALUE}).")
  String user;

  @Option(
      names = "--cert",
      paramLabel = "FILE",
      description = "The appliance's certificate (identity/tls-cert.pem) to trust for --host.")
  Path cert;

  @Option(names = "--password-stdin", description = "Read the password from standard input.")
  boolean passwordStdin;

  @Override
  public Integer call() throws Exception {
    Endpoint endpoint;
    if (remote.host() == null) {
      endpoint =
          Endpoint.localDaemon(dir.dataDir())
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "no daemon runs on " + dir.dataDir() + "; use --host"));
    } else {
      if (cert == null) {
        throw new IllegalArgumentException(
            "--host needs --cert FILE: the appliance certificate to trust");
      }
      endpoint = new Endpoint(remote.host(), Files.readString(cert));
    }
    char[] password = readPassword();
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (user + ":" + new String(password)).getBytes(StandardCharsets.UTF_8));
    java.util.Arrays.fill(password, '\0');
    JsonNode res =
        new ApiClient(endpoint.host(), endpoint.certificatePem(), basic)
            .call("POST", "/api/v1/login", null);
    Credentials.defaults()
        .put(
            endpoint.host(),
            new Credentials.Entry(user, res.get("token").asText(), endpoint.certificatePem()));
    spec.commandLine()
        .getOut()
        .printf(
            "logged in to %s as %s until %s%n", endpoint.host(), user, res.get("expires").asText());
    spec.commandLine().getOut().flush();
    return 0;
  }

  private char[] readPassword() throws java.io.IOException {
    Console console = System.console();
    if (!passwordStdin && console != null) {
      char[] pw = console.readPassword("Password for %s: ", user);
      if (pw != null) {
        return pw;
      }
    }
    String line =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    if (line == null) {
      throw new IllegalArgumentException("no password given on standard input");
    }
    return line.toCharArray();
  }
}
