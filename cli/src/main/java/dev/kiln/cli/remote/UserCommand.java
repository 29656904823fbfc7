package dev.kiln.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kiln user ...}: local users of the appliance, through the API. */
@Command(
    name = "user",
    description = "Manage users (through the API; `kiln login` first).",
    subcommands = {
      UserCommand.ListUsers.class,
      UserCommand.Create.class,
      UserCommand.Passwd.class,
      UserCommand.Delete.class,
      UserCommand.Keys.class
    })
public final class UserCommand {

  /** {@code kiln user list}. */
  @Command(name = "list", description = "List users.")
  static final class ListUsers extends ApiCommand {
    @Override
    int run(ApiClient api, PrintWriter out) throws Exception {
      print(
          out,
          api.call("GET", "/api/v1/users", null),
          "name",
          "uid",
          "fullName",
          "groups",
          "roles",
          "disabled");
      return 0;
    }
  }

  /**
   * {@code kiln user create NAME [--role NS=ROLE]... [--group G]...}; the password comes from
   * stdin.
   */
  @Command(
      name = "create",
      description = "Create a user; the password is read from standard input.")
  static final class Create extends ApiCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--full-name", paramLabel = "TEXT")
    String fullName = "";

    @Option(names = "--group", paramLabel = "GROUP", description = "Group (repeatable).")
    List<String> groups = new ArrayList<>();

    @Option(
        names = "--role",
        paramLabel = "NAMESPACE=ROLE",
        description = "Role per namespace (readonly, operator, admin; namespace * for all).")
    List<String> roles = new ArrayList<>();

    @Override
    int run(ApiClient api, PrintWriter out) throws Exception {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", name);
      body.put("fullName", fullName);
      body.put("password", readLine("password"));
      body.put("groups", groups);
      body.put("roles", roles(roles));
      print(out, api.call("POST", "/api/v1/users", body));
      return 0;
    }
  }

  /** {@code kiln user passwd NAME}: the new password comes from stdin. */
  @Command(name = "passwd", description = "Set a user's password (read from standard input).")
  static final class Passwd extends ApiCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    int run(ApiClient api, PrintWriter out) throws Exception {
      api.call(
          "PATCH",
          "/api/v1/users/" + ApiClient.segment(name),
          Map.of("password", readLine("password")));
      out.printf("password of %s changed%n", name);
      return 0;
    }
  }

  /** {@code kiln user delete NAME}. */
  @Command(name = "delete", description = "Delete a user.")
  static final class Delete extends ApiCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    int run(ApiClient api, PrintWriter out) throws Exception {
      api.call("DELETE", "/api/v1/users/" + ApiClient.segment(name), null);
      out.printf("deleted user %s%n", name);
      return 0;
    }
  }

  /** {@code kiln user key list|add|remove}: authorized SSH keys (the user's sshKeys field). */
  @Command(
      name = "key",
      description = "Manage a user's authorized SSH public keys.",
      subcommands = {KeyList.class, KeyAdd.class, KeyRemove.class})
  static final class Keys {}

  /** {@code kiln user key list NAME}. */
  @Command(name = "list", description = "List a user's SSH keys.")
  static final class KeyList extends ApiCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    int run(ApiClient api, PrintWriter out) throws Exception {
      JsonNode keys =
          api.call("GET", "/api/v1/users/" + ApiClient.segment(name), null).path("sshKeys");
      if (format.equals("json")) {
        print(out, keys);
      } else {
        keys.forEach(k -> out.println(k.asText()));
      }
      return 0;
    }
  }

  /** {@code kiln user key add NAME 'ssh-ed25519 AAAA... comment'}. */
  @Command(name = "add", description = "Authorize an SSH public key (an authorized_keys line).")
  static final class KeyAdd extends ApiCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1..*", paramLabel = "KEY", description = "type, base64 key, comment")
    List<String> key;

    @Override
    int run(ApiClient api, PrintWriter out) throws Exception {
      String line = String.join(" ", key).strip();
      List<String> keys = current(api, name);
      if (keys.contains(line)) {
        throw new IllegalArgumentException("that key is already authorized for " + name);
      }
      keys.add(line);
      api.call("PATCH", "/api/v1/users/" + ApiClient.segment(name), Map.of("sshKeys", keys));
      out.printf("authorized a key for %s (%d in all)%n", name, keys.size());
      return 0;
    }
  }

  /** {@code kiln user key remove NAME TEXT}: removes the keys containing TEXT (comment or key). */
  @Command(
      name = "remove",
      description = "Remove the SSH keys whose line contains TEXT (the comment or the key).")
  static final class KeyRemove extends ApiCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "TEXT")
    String text;

    @Override
    int run(ApiClient api, PrintWriter out) throws Exception {
      List<String> keys = current(api, name);
      int before = keys.size();
      keys.removeIf(k -> k.contains(text));
      if (keys.size() == before) {
        throw new IllegalArgumentException("no key of " + name + " contains '" + text + "'");
      }
      api.call("PATCH", "/api/v1/users/" + ApiClient.segment(name), Map.of("sshKeys", keys));
      out.printf("removed %d key(s) of %s%n", before - keys.size(), name);
      return 0;
    }
  }

  private static List<String> current(ApiClient api, String name) throws java.io.IOException {
    List<String> keys = new ArrayList<>();
    api.call("GET", "/api/v1/users/" + ApiClient.segment(name), null)
        .path("sshKeys")
        .forEach(k -> keys.add(k.asText()));
    return keys;
  }

  static Map<String, String> roles(List<String> specs) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String s : specs) {
      int eq = s.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--role takes NAMESPACE=ROLE, not '" + s + "'");
      }
      out.put(s.substring(0, eq), s.substring(eq + 1));
    }
    return out;
  }

  static String readLine(String what) throws java.io.IOException {
    var acting = ActingUser.current();
    if (acting.isPresent()) {
      String line =
          new BufferedReader(new InputStreamReader(acting.get().stdin(), StandardCharsets.UTF_8))
              .readLine();
      if (line == null) {
        throw new IllegalArgumentException("no " + what + " on standard input");
      }
      return line;
    }
    java.io.Console console = System.console();
    if (console != null) {
      char[] pw = console.readPassword("%s: ", what);
      if (pw != null) {
        return new String(pw);
      }
    }
    String line =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    if (line == null) {
      throw new IllegalArgumentException("no " + what + " on standard input");
    }
    return line;
  }
}
